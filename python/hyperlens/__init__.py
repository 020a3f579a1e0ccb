"""Hyperlens trial helper: report metrics, notice stop requests, find checkpoints.

Standard library only (Python 3.8+). Inside a training script::

    from hyperlens import report, should_stop, params

    p = params()                       # {"optimizer.lr": 0.003, ...} or {}
    for epoch in range(1, epochs + 1):
        ...
        report(step=epoch, val_loss=val_loss, val_acc=val_acc)
        if should_stop():
            break

Under Hyperlens each report is a JSON line appended to the file named by
HYPERLENS_METRICS_FILE. Run by hand, it prints ``@tune {...}`` to stdout,
which Hyperlens also reads, so the script behaves the same either way.
"""

import json
import os
import signal
from typing import Any, Dict, Optional

__all__ = [
    "report",
    "should_stop",
    "checkpoint_dir",
    "restore_path",
    "params",
    "trial",
    "trial_dir",
]
__version__ = "0.1.0"

_sigterm_received = False
_sigterm_handler_installed = False
_last_step = None  # type: Optional[float]


def _plain(value: Any) -> Any:
    """Makes numpy scalars, 0-d tensors and the like JSON numbers."""
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(
            "hyperlens.report: cannot write a %s as a metric value" % type(value).__name__
        ) from None


def _metric_line(step: Optional[float], metrics: Dict[str, Any]) -> str:
    record = {} if step is None else {"step": step}  # type: Dict[str, Any]
    record.update(metrics)
    # allow_nan writes NaN / Infinity / -Infinity bare; Hyperlens reads them, so a
    # diverged loss fails the trial instead of disappearing.
    return json.dumps(record, allow_nan=True, default=_plain, separators=(", ", ": "))


def report(step: Optional[float] = None, **metrics: Any) -> None:
    """Records one set of metrics (e.g. after an epoch).

    ``step`` is the position along the training budget (epoch, iteration); left
    out, Hyperlens counts reports in order. Each call appends, flushes and
    fsyncs one line, so a trial killed a moment later loses nothing.
    """
    global _last_step
    if not metrics:
        raise TypeError("hyperlens.report: give at least one metric, e.g. report(step=3, val_loss=0.41)")
    if step is not None:
        _last_step = step
    line = _metric_line(step, metrics)
    path = os.environ.get("HYPERLENS_METRICS_FILE")
    if not path:
        print("@tune " + line, flush=True)
        return
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")
        f.flush()
        try:
            os.fsync(f.fileno())
        except OSError:
            pass  # not a regular file (a pipe, /dev/stdout): nothing to sync


def _on_sigterm(signum: int, frame: Any) -> None:
    global _sigterm_received
    _sigterm_received = True
    # A second SIGTERM means it: die as usual.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _install_sigterm_handler() -> None:
    global _sigterm_handler_installed
    if _sigterm_handler_installed:
        return
    _sigterm_handler_installed = True
    try:
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, AttributeError, OSError):
        pass  # not the main thread, or no SIGTERM on this platform


def should_stop() -> bool:
    """True when Hyperlens asks the trial to end early (e.g. it was pruned).

    That is when the file named by HYPERLENS_STOP_FILE exists, after a
    SIGTERM, or once a step at or past HYPERLENS_END_STEP (the end of a
    population-based training segment) has been reported. The first call installs a SIGTERM handler that records the signal
    instead of killing the script at once (unless the script has its own), so
    call it once before training starts and then after each step or epoch.
    """
    _install_sigterm_handler()
    if _sigterm_received:
        return True
    end_step = os.environ.get("HYPERLENS_END_STEP")
    if end_step and _last_step is not None:
        try:
            if _last_step >= float(end_step):
                return True
        except ValueError:
            pass
    stop_file = os.environ.get("HYPERLENS_STOP_FILE")
    return bool(stop_file) and os.path.exists(stop_file)


def checkpoint_dir() -> str:
    """The folder to save checkpoints in (created): HYPERLENS_CHECKPOINT_DIR or ./checkpoints."""
    path = os.environ.get("HYPERLENS_CHECKPOINT_DIR") or os.path.join(os.getcwd(), "checkpoints")
    os.makedirs(path, exist_ok=True)
    return path


def restore_path() -> Optional[str]:
    """A checkpoint to resume from (HYPERLENS_RESTORE_FROM, e.g. set by PBT), or None."""
    return os.environ.get("HYPERLENS_RESTORE_FROM") or None


def params() -> Dict[str, Any]:
    """The trial's parameters, name -> value, from HYPERLENS_PARAMS; {} when unset.

    HYPERLENS_PARAMS holds a JSON object, or the path of a file that does.
    Names follow the config's key path, e.g. ``optimizer.lr``.
    """
    raw = os.environ.get("HYPERLENS_PARAMS", "").strip()
    if not raw:
        return {}
    source = "HYPERLENS_PARAMS"
    if not raw.startswith("{") and os.path.isfile(raw):
        source = raw
        with open(raw, "r", encoding="utf-8") as f:
            raw = f.read()
    try:
        value = json.loads(raw)
    except ValueError as e:
        raise ValueError("hyperlens.params: %s is not valid JSON: %s" % (source, e)) from None
    if not isinstance(value, dict):
        raise ValueError("hyperlens.params: %s must hold a JSON object, got %s" % (source, type(value).__name__))
    return value


def trial() -> Optional[int]:
    """The trial number (HYPERLENS_TRIAL), or None outside a tuning run."""
    raw = os.environ.get("HYPERLENS_TRIAL")
    if raw is None or raw.strip() == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValueError("hyperlens.trial: HYPERLENS_TRIAL is not a whole number: %r" % raw) from None


def trial_dir() -> Optional[str]:
    """The trial's own folder (HYPERLENS_TRIAL_DIR), or None outside a tuning run."""
    return os.environ.get("HYPERLENS_TRIAL_DIR") or None
