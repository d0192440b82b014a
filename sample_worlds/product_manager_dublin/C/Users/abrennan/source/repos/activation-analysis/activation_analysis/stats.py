"""Statistics for conversion experiments: a two-proportion z-test and a confidence interval."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Arm:
    name: str
    n: int
    conversions: int

    @property
    def rate(self) -> float:
        return self.conversions / self.n if self.n else 0.0


@dataclass(frozen=True)
class Comparison:
    control: Arm
    variant: Arm
    z: float
    p_value: float
    diff: float  # variant - control, as a proportion
    ci_low: float
    ci_high: float

    @property
    def relative_uplift(self) -> float:
        return self.variant.rate / self.control.rate - 1


def compare(control: Arm, variant: Arm, z_crit: float = 1.96) -> Comparison:
    """Pooled two-proportion z-test (two-sided) and an unpooled Wald interval for the difference."""
    p_pool = (control.conversions + variant.conversions) / (control.n + variant.n)
    se_pool = math.sqrt(p_pool * (1 - p_pool) * (1 / control.n + 1 / variant.n))
    diff = variant.rate - control.rate
    z = diff / se_pool
    p_value = math.erfc(abs(z) / math.sqrt(2))
    se = math.sqrt(control.rate * (1 - control.rate) / control.n + variant.rate * (1 - variant.rate) / variant.n)
    return Comparison(control, variant, z, p_value, diff, diff - z_crit * se, diff + z_crit * se)


def sample_size(baseline: float, mde: float, alpha_z: float = 1.96, power_z: float = 0.84) -> int:
    """Trials per arm to detect an absolute lift of `mde` over `baseline` (80% power, 5% two-sided)."""
    p2 = baseline + mde
    var = baseline * (1 - baseline) + p2 * (1 - p2)
    return math.ceil((alpha_z + power_z) ** 2 * var / mde**2)
