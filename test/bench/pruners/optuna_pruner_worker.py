"""Optuna's pruners behind JSON lines on stdin/stdout, for the pruner benchmark.

Run with the system Python that has Debian's python3-optuna (3.1):
    /usr/bin/python3 test/bench/pruners/optuna_pruner_worker.py

Node owns the task and the configurations: trial k of a study runs the
benchmark's configuration k, so Optuna's RandomSampler is only there to make
a study, and its parameters are never drawn. Per trial: ask, then per step
report (Optuna's trial.report + trial.should_prune), then tell.

One request per line, one reply per line, in order. Requests:
    {"op": "hello"}                                          -> {"optuna": "3.1.0"}
    {"op": "create", "study": id, "name": study_name, "pruner": "median"|"sha"|"hyperband",
     "seed": s, "min_step": m, "max_step": M}
    {"op": "ask", "study": id}                                -> {"number": n}
    {"op": "report", "study": id, "number": n, "step": t, "value": v, "judge": bool}
                                                              -> {"prune": bool}
    {"op": "tell", "study": id, "number": n, "state": "complete"|"pruned"|"failed", "value": v}
    {"op": "close", "study": id}
A failure answers {"error": "..."}. The study name is fixed by the caller
because HyperbandPruner picks a trial's bracket from a CRC of the study name
and trial number: a random name would make runs unrepeatable.
"""
import os
import sys
import warnings

warnings.simplefilter("ignore")  # ExperimentalWarning and friends

# The shared JSON-lines loop lives in test/bench/common; this file runs as a script, not a package.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from jsonlines_worker import serve  # noqa: E402

import optuna  # noqa: E402
from optuna.trial import TrialState  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)
optuna.logging.disable_default_handler()

REDUCTION_FACTOR = 3


def make_pruner(name, min_step, max_step):
    p = optuna.pruners
    if name == "median":
        return p.MedianPruner()
    if name == "sha":
        return p.SuccessiveHalvingPruner(min_resource=min_step, reduction_factor=REDUCTION_FACTOR)
    if name == "hyperband":
        return p.HyperbandPruner(min_resource=min_step, max_resource=max_step, reduction_factor=REDUCTION_FACTOR)
    raise ValueError("unknown pruner " + repr(name))


studies = {}


def handle(msg):
    op = msg["op"]
    if op == "hello":
        return {"optuna": optuna.__version__}
    if op == "create":
        study = optuna.create_study(
            study_name=msg["name"],
            direction="minimize",
            sampler=optuna.samplers.RandomSampler(seed=msg["seed"]),
            pruner=make_pruner(msg["pruner"], msg["min_step"], msg["max_step"]),
        )
        studies[msg["study"]] = (study, {})
        return {}
    study, running = studies[msg["study"]]
    if op == "ask":
        trial = study.ask()
        running[trial.number] = trial
        return {"number": trial.number}
    if op == "report":
        trial = running[msg["number"]]
        trial.report(msg["value"], msg["step"])
        # should_prune answers a numpy bool for some pruners, which json cannot write.
        return {"prune": bool(msg.get("judge", True) and trial.should_prune())}
    if op == "tell":
        trial = running.pop(msg["number"])
        state = msg["state"]
        if state == "complete":
            study.tell(trial, msg["value"])
        elif state == "pruned":
            study.tell(trial, state=TrialState.PRUNED)
        else:
            study.tell(trial, state=TrialState.FAIL)
        return {}
    if op == "close":
        del studies[msg["study"]]
        return {}
    raise ValueError("unknown op " + repr(op))


if __name__ == "__main__":
    serve(handle)
