"""Optuna's samplers behind JSON lines on stdin/stdout, for the sampler benchmark.

Run with the system Python that has Debian's python3-optuna (3.1):
    /usr/bin/python3 test/bench/samplers/optuna_worker.py

One request per line, one reply per line, in order. Requests:
    {"op": "hello"}                                    -> {"optuna": "3.1.0"}
    {"op": "create", "study": id, "sampler": name, "seed": s,
     "directions": ["minimize", ...], "space": {name: distribution}}
    {"op": "ask", "study": id}                          -> {"number", "params", "ask_s"}
    {"op": "tell", "study": id, "number": n, "values": [...]}
    {"op": "add", "study": id, "trials": [{"params": {...}, "values": [...]}]}
    {"op": "close", "study": id}
A failure answers {"error": "..."}. The space uses Hyperlens's JSON form
(float/int/categorical); the objective is computed by the caller, so both
tuners are scored on the very same code. "ask_s" is the time study.ask took,
measured here so that pipe and JSON costs are not charged to Optuna.
"""
import os
import sys
import time
import warnings

warnings.simplefilter("ignore")  # ExperimentalWarning and friends

# The shared JSON-lines loop lives in test/bench/common; this file runs as a script, not a package.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from jsonlines_worker import serve  # noqa: E402

import optuna  # noqa: E402
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)
optuna.logging.disable_default_handler()


def make_sampler(name, seed):
    s = optuna.samplers
    if name == "random":
        return s.RandomSampler(seed=seed)
    if name == "tpe":
        return s.TPESampler(seed=seed)
    if name == "tpe-mv":
        return s.TPESampler(seed=seed, multivariate=True)
    if name == "cmaes":
        return s.CmaEsSampler(seed=seed, warn_independent_sampling=False)
    if name == "nsga2":
        return s.NSGAIISampler(seed=seed)
    if name == "motpe":
        # Optuna 3.1's TPESampler is MOTPE when the study has several objectives.
        return s.TPESampler(seed=seed)
    raise ValueError("unknown sampler " + repr(name))


def make_distribution(d):
    kind = d["type"]
    if kind == "float":
        return FloatDistribution(d["low"], d["high"], log=bool(d.get("log")), step=d.get("step"))
    if kind == "int":
        return IntDistribution(int(d["low"]), int(d["high"]), log=bool(d.get("log")), step=int(d.get("step") or 1))
    if kind in ("categorical", "choice"):
        return CategoricalDistribution(d["choices"])
    raise ValueError("unsupported distribution " + repr(kind))


studies = {}


def handle(msg):
    op = msg["op"]
    if op == "hello":
        return {"optuna": optuna.__version__}
    if op == "create":
        study = optuna.create_study(directions=msg["directions"], sampler=make_sampler(msg["sampler"], msg["seed"]))
        space = {k: make_distribution(v) for k, v in msg["space"].items()}
        studies[msg["study"]] = (study, space)
        return {}
    study, space = studies[msg["study"]]
    if op == "ask":
        start = time.perf_counter()
        trial = study.ask(fixed_distributions=space)
        elapsed = time.perf_counter() - start
        return {"number": trial.number, "params": trial.params, "ask_s": elapsed}
    if op == "tell":
        study.tell(msg["number"], msg["values"])
        return {}
    if op == "add":
        study.add_trials(
            [optuna.trial.create_trial(params=t["params"], distributions=space, values=t["values"]) for t in msg["trials"]]
        )
        return {}
    if op == "close":
        del studies[msg["study"]]
        return {}
    raise ValueError("unknown op " + repr(op))


if __name__ == "__main__":
    serve(handle)
