"""Simulated lives of demo cases: realistic sequences of workflow steps up to `now`.

Each case walks the standard loop with realistic delays and the usual detours (void, a return
to check the address, rework, extension, parking, urging); a step that would fall after `now` is
not taken, so recent cases stay open in every state and light.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.cases.states import Action

MINUTE = 60.0
HOUR = 3600.0


@dataclass(frozen=True)
class PlannedStep:
    action: Action
    at: datetime
    note: str | None = None
    extra: str | None = None


def plan_case(rng: random.Random, *, reported_at: datetime, now: datetime, source: str,
              limit_clock_seconds: float) -> list[PlannedStep]:
    """The steps after the report, each at or after the previous one, none after `now`."""
    steps: list[PlannedStep] = []
    t = reported_at

    def take(action: Action, delay: float, note: str | None = None, extra: str | None = None) -> bool:
        nonlocal t
        t = t + timedelta(seconds=delay)
        if t > now:
            return False
        steps.append(PlannedStep(action, t, note, extra))
        return True

    if source in ("网格员上报", "视频巡查", "群众来访"):
        if not take(Action.VERIFY, rng.uniform(10, 240) * MINUTE, "现场核实属实"):
            return steps
        if rng.random() < 0.03:
            take(Action.VOID, rng.uniform(5, 30) * MINUTE, "经核实不属于受理范围")
            return steps
    if not take(Action.REGISTER, rng.uniform(3, 120) * MINUTE):
        return steps
    if not take(Action.DISPATCH, rng.uniform(3, 90) * MINUTE):
        return steps
    if rng.random() < 0.06:
        if not take(Action.RETURN, rng.uniform(0.5, 4) * HOUR, "案件地址不准确，申请回退核实"):
            return steps
        if not take(Action.DISPATCH, rng.uniform(5, 40) * MINUTE):
            return steps
    if not take(Action.ACCEPT, rng.uniform(0.2, 6) * HOUR):
        return steps
    return steps + _handling(rng, t, now, limit_clock_seconds)


def _handling(rng: random.Random, t: datetime, now: datetime, limit: float) -> list[PlannedStep]:
    """Handling, feedback and the check, with urging, extension, parking and rework."""
    steps: list[PlannedStep] = []
    budget = limit * rng.choice((0.3, 0.5, 0.7, 0.9, 1.1, 1.5, 2.5))
    if rng.random() < 0.05:
        park_at = t + timedelta(seconds=budget * 0.3)
        if park_at > now:
            return steps
        steps.append(PlannedStep(Action.PARK, park_at, "涉及历史遗留问题，需协调多部门，申请挂账"))
        resume_at = park_at + timedelta(days=rng.uniform(3, 40))
        if resume_at > now:
            return steps
        steps.append(PlannedStep(Action.RESUME, resume_at, "协调完成，恢复办理"))
        t = resume_at
    if budget > limit * 0.8 and rng.random() < 0.5:
        urge_at = t + timedelta(seconds=limit * 0.8)
        if urge_at <= now:
            steps.append(PlannedStep(Action.URGE, urge_at, "请加快处置进度"))
    if budget > limit and rng.random() < 0.3:
        extend_at = t + timedelta(seconds=limit * 0.6)
        if extend_at <= now:
            steps.append(PlannedStep(Action.EXTEND, extend_at, "需协调第三方，申请延期", "2工作日"))
    done = t + timedelta(seconds=budget)
    for rework in range(2):
        if done > now:
            return steps
        steps.append(PlannedStep(Action.FEEDBACK, done, "已处置完毕，附处置后照片"))
        check = done + timedelta(seconds=rng.uniform(0.5, 20) * HOUR)
        if check > now:
            return steps
        if rework == 0 and rng.random() < 0.08:
            steps.append(PlannedStep(Action.REJECT, check, "现场核查未整改到位，退回重新处置"))
            done = check + timedelta(seconds=budget * 0.3)
            continue
        steps.append(PlannedStep(Action.APPROVE, check, "现场核查已整改到位"))
        return steps
    return steps
