"""ganfilter's Python API: NumPy arrays in, NumPy arrays out, the bundled binary in between.

Masks travel through a pipe (the tool's standard input, `-`), read by the tool while it measures the masks before;
other arrays and the tables the tool writes go through a private temporary folder (made by `tempfile`, mode
0700, removed afterwards), never through the user's folders. `suggest_labels` and `MaskFilter.train` save the
masks there too, as `masks-DIGEST.npy`: the labels join the table by its row names (`masks-DIGEST.npy[i]`), and the labelling
page reads the masks it shows from it. Every result is in the input's order.
"""
import contextlib
import csv
import hashlib
import io
import operator
import os
import re
import subprocess
import sys
import tempfile
import warnings

import numpy as np

#: The element types the tool reads as masks; other integer arrays holding 0-255 are sent as uint8.
_MASK_TYPES = (np.bool_, np.uint8, np.float32, np.float64)
#: The columns of a features or decisions table that are not numbers.
_TEXT_COLUMNS = ("file", "status", "error", "decision", "reason")


class Error(Exception):
    """A command of the tool failed: `message` is what it printed on standard error (from a call of this module, in
    the call's words: its arguments, not the command line's options), `status` its exit status (64 bad usage, 2
    nothing usable or a bad file, 1 some outputs not made, 70 an internal error)."""

    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self):
        return f"{self.message} (exit status {self.status})"


class Note(UserWarning):
    """What the tool noted about a call that went through (issued with `warnings.warn`): masks or a reference drawn
    inverted, turned against the reference or saved as class levels the threshold splits, a reference of one lung
    a file, or too small for a tight threshold; copies among the reference masks;
    masks of a size the model never learned from; a threshold that keeps almost nothing; masks that could not be read
    (how many, and why), which `decide` returns as rejections with a NaN probability. The text is the tool's line on standard error. `warnings.simplefilter("error", ganfilter.Note)`
    turns them into exceptions."""


def _notes(stderr, stacklevel):
    """Issues each `note:` and `warning:` line of the tool's standard error `stderr` as a `Note`, at the frame
    `stacklevel` calls above the caller of `_notes` (1: that caller), which should be the user's own call."""
    for line in stderr.splitlines():
        text = line.strip()
        if text.startswith("warning: ") or re.match(r"ganfilter [a-z ]+: note: ", text):
            warnings.warn(text, Note, stacklevel=stacklevel + 1)


def executable():
    """The path of the ganfilter binary: $GANFILTER_EXECUTABLE when set, else the one the wheel carries."""
    override = os.environ.get("GANFILTER_EXECUTABLE")
    binary = override or os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "ganfilter")
    if not os.access(binary, os.X_OK):
        raise Error(f"no ganfilter binary at {binary}; install the wheel (bash python/build-wheel.sh) or set GANFILTER_EXECUTABLE", 127)
    return binary


def run(args, *, cwd=None, allowed=(0,)):
    """Runs `ganfilter ARGS...` (any command) in `cwd` and returns the `subprocess.CompletedProcess` (text output).

    Raises `Error` with the tool's message and exit status when the status is not in `allowed`.
    """
    completed = subprocess.run([executable()] + [os.fspath(a) for a in args], capture_output=True, text=True, cwd=cwd)
    if completed.returncode not in allowed:
        raise Error(completed.stderr.strip() or f"ganfilter {' '.join(map(str, args))} failed", completed.returncode)
    return completed


def features(masks, set="symmetry", reference=None, *, reference_member=None, as_frame=False, threshold=None, dilation_radius=None,
             recursive=False, member=None, jobs=None):
    """The features of `masks`, one entry per mask, in the input's order.

    `masks` is an N x H x W array (bool, uint8 grey cut at `threshold` or 0/1, float probabilities 0-1 cut at 0.5,
    bfloat16 ones too; N x 1 x H x W and N x H x W x 1 too; a JAX array, or a torch tensor on any device and
    requiring grad or not, works) or a list of mask file paths and folders of PNG masks (with `recursive=True`,
    their sub-folders' too); `member` names the array of each .npz path that holds the masks, when it holds several.
    `set` is "symmetry", "anatomy" or "all".
    `reference` (an array of real masks, or a folder, .npy or .npz of them) adds the realism columns;
    `reference_member` names the array of an .npz `reference` that holds them, when it holds several.

    Returns a dict of column name to NumPy array: `file` and `status` (ok, empty, error) as strings, every
    feature as float64 (NaN where a mask has none), `error` (the reason, "" when none) and, for an array, `index`.
    With `as_frame=True`, a `pandas.DataFrame` of the same columns.
    """
    with _private_folder(reference) as folder:
        args = ["features", "--set", set, "--output", os.path.join(folder, "features.csv")]
        args += _reference_options(reference, reference_member, folder)
        args += _options(threshold=threshold, dilation_radius=dilation_radius, member=member, jobs=jobs) + _flags(recursive=recursive)
        columns, order = _table(args, masks, os.path.join(folder, "features.csv"), folder)
    columns = _in_order(columns, order)
    if as_frame:
        try:
            import pandas
        except ImportError as error:
            raise ImportError("as_frame=True needs pandas (pip install pandas)") from error
        return pandas.DataFrame(columns)
    return columns


class MaskFilter:
    """A mask filter trained by `ganfilter train` (its model file)."""

    def __init__(self, path):
        self.path = os.fspath(path)
        if not os.path.isfile(self.path):
            raise Error(f"{self.path}: no such model file", 2)
        #: What `train` printed (the model it chose, its notes), when this filter was made by `train`; else "".
        self.summary = ""

    @classmethod
    def train(cls, masks, labels, path, *, reference=None, reference_member=None, set="all", seed=None, strategy=None, jobs=None):
        """Trains a mask filter on the labelled masks among `masks` and writes it to `path` (`ganfilter train`).

        `masks` is every mask of the batch (an N x H x W array, as `features` takes, or a list of PNG paths: not
        folders or stacks, whose masks a position could not name), labelled or not: below 1,000 labels with a
        `reference`, `train` learns from the unlabelled ones too. `labels` says which are good, by position in
        `masks` (`read_labels` reads the labelling page's file into this form): a dict of index -> label, a pandas
        Series by its index (the index of `masks` when that is a Series of paths, `df["file"]` with `df["label"]`),
        or a sequence of N labels; None, NaN or pandas.NA marks the unlabelled; a label is True/False, 1/0 or
        "good"/"bad". The features are `set` ("all" by default) and, with `reference`, the realism columns against
        those real masks (an array, or a folder, .npy or .npz of them; `reference_member` names the .npz's array),
        which `decide` then needs too. Returns the filter; its
        `summary` is what `train` printed.
        """
        path = os.path.abspath(os.fspath(path))
        inputs = (_mask_paths(masks) or []) + ([os.fspath(reference)] if isinstance(reference, (str, os.PathLike)) else [])
        if os.path.realpath(path) in {os.path.realpath(p) for p in inputs}:
            raise ValueError(f"{path} is one of the inputs (a mask or the reference): the model must go elsewhere")
        if os.path.exists(path) and not os.path.isfile(path):
            raise ValueError(f"{path} is not a regular file: the filter this returns reads its model again, so it must go to a "
                             "file (ganfilter.run(['train', ...]) writes a model to a pipe or a device)")
        with _private_folder(masks, reference) as folder:
            names, unreadable = _measure(masks, _reference_options(reference, reference_member, folder), set, folder, jobs)
            _write_labels(labels, names, os.path.join(folder, "labels.csv"), masks)
            completed = _call(["train", "--features", "features.csv", "--labels", "labels.csv", "--output", path]
                              + _options(seed=seed, strategy=strategy, jobs=jobs), cwd=folder, allowed=(0, 1),
                              words={"`label suggest --labels`": "`suggest_labels(..., labels=...)`", " (--report lists them)": ""})
            if completed.returncode == 1:
                # Labelled masks the tool could not read were left out (the note of `_measure` said why); the model
                # learned from the others.
                with open(os.path.join(folder, "labels.csv"), newline="") as handle:
                    labelled = {row["file"] for row in csv.DictReader(handle)}
                left_out = [name for name in names if name in unreadable and name in labelled]
                if not left_out:  # some other row the tool left out: its own words
                    warnings.warn(completed.stderr.strip().splitlines()[0], Note, stacklevel=2)
                else:
                    warnings.warn(f"ganfilter train: note: {len(left_out)} of {len(labelled)} labelled masks could not be read and were left "
                                  f"out ({', '.join(left_out[:3])}{', ...' if len(left_out) > 3 else ''}); the model learned from the "
                                  f"other {len(labelled) - len(left_out)}", Note, stacklevel=2)
        trained = cls(path)
        trained.summary = (completed.stderr + completed.stdout).strip()
        return trained

    def decide(self, masks, strategy=None, *, reference=None, reference_member=None, accept_threshold=None, recursive=False,
               member=None, jobs=None):
        """Accepts or rejects each mask of `masks` (an N x H x W array or a list of paths and folders, as `features`
        takes them, and `recursive` and `member` as there).

        `strategy` chooses one of the thresholds the model stores (youden, recall-weighted, ...; the model's own
        when None), `accept_threshold` sets one instead; `reference` is the real masks a model with realism
        columns was trained against (and `reference_member` the array of an .npz that holds them; by default the
        array the model records). Returns
        `(accepted, probability)`: a bool array and the probability of good (NaN for an empty or unreadable mask,
        which is never accepted), in the input's order.
        """
        with _private_folder(reference) as folder:
            output = os.path.join(folder, "decisions.csv")
            args = ["filter", "--model", self.path, "--output", output]
            args += _reference_options(reference, reference_member, folder)
            args += _options(strategy=strategy, accept_threshold=accept_threshold, member=member, jobs=jobs) + _flags(recursive=recursive)
            columns, order = _table(args, masks, output, folder)
            columns = _in_order(columns, order)
        return columns["decision"] == "accept", columns["probability"]


class ReferenceFilter:
    """The label-free mask filter (`ganfilter filter --reference`), for a generator without labels: a mask is
    accepted when its realism against the real masks `reference` reaches the `quantile` of the real masks' own
    leave-one-out scores (so that about 1 - quantile of real masks would pass) and, with `anatomy_gate`, its
    anatomy lies within their ranges.

    `reference` is an array of real masks (as `features` takes them) or a folder, .npy or .npz of them
    (`reference_member` names the .npz's array when it holds several); `quantile`
    (default the tool's, 0.05) and `score` ("boundary", the default, "scaled", "dice" or "knn") are
    `--reference-quantile` and `--reference-score`; `accept_threshold` (`--accept-threshold`) accepts a score of
    at least it instead of a quantile, a threshold read off the report's trade-off charts; `cache` is a folder
    that keeps the reference's calibration between calls (`--cache`).
    """

    def __init__(self, reference, quantile=None, score=None, *, reference_member=None, accept_threshold=None, anatomy_gate=True,
                 cache=None):
        if isinstance(reference, (str, os.PathLike)):
            self.reference = os.fspath(reference)
            if not os.path.exists(self.reference):
                raise Error(f"{self.reference}: no such reference folder or stack", 2)
        else:
            self.reference = _mask_array(reference, "reference")
        _check_member(self.reference, reference_member)  # now, not at `decide`
        self.reference_member = reference_member
        self.quantile, self.score, self.anatomy_gate = quantile, score, anatomy_gate
        self.accept_threshold = accept_threshold
        self.cache = None if cache is None else os.fspath(cache)

    def decide(self, masks, *, threshold=None, recursive=False, member=None, jobs=None):
        """Accepts or rejects each mask of `masks` (an N x H x W array or a list of paths and folders, as `features`
        takes them, and `recursive` and `member` as there).

        Returns `(accepted, score)`: a bool array and each mask's realism score (NaN for an empty or unreadable
        mask, which is never accepted), in the input's order. A mask of another size than the reference's is
        compared resized to it, by the nearest pixel. `threshold` is the grey level of uint8 masks.
        """
        with _private_folder(None if isinstance(self.reference, str) else self.reference) as folder:
            output = os.path.join(folder, "decisions.csv")
            args = ["filter", *_reference_options(self.reference, self.reference_member, folder), "--output", output]
            args += _options(reference_quantile=self.quantile, accept_threshold=self.accept_threshold, reference_score=self.score,
                             threshold=threshold, cache=self.cache, member=member, jobs=jobs)
            args += _flags(recursive=recursive, no_anatomy_gate=not self.anatomy_gate)
            columns, order = _table(args, masks, output, folder, words={"--reference-quantile": "quantile", "--reference-score": "score",
                                                                        "--no-anatomy-gate": "anatomy_gate=False"})
            columns = _in_order(columns, order)
        return columns["decision"] == "accept", columns["probability"]


class Prefilter:
    """A latent prefilter trained by `ganfilter latent train` (its model file)."""

    def __init__(self, path):
        self.path = os.fspath(path)
        if not os.path.isfile(self.path):
            raise Error(f"{self.path}: no such model file", 2)

    def screen(self, z, group, strategy=None, *, jobs=None):
        """Which latent vectors (rows of the N x d array `z`; N x d x 1 x 1 as a DCGAN draws them works too) the
        prefilter keeps for `group`: a bool array. A vector holding NaN or an infinity is never kept, and a `Note`
        names its rows."""
        vectors = _numpy(z)
        _check_array(vectors, z, "z", "N x d array of vectors")
        if vectors.ndim > 2 and sum(size != 1 for size in vectors.shape[1:]) <= 1:
            vectors = vectors.reshape(len(vectors), -1)
        if vectors.ndim != 2:
            raise ValueError(f"z must be N x d (or N x d x 1 x 1), got shape {vectors.shape}")
        if len(vectors) == 0 or vectors.shape[1] == 0:
            raise ValueError(f"z holds no vectors or vectors of no values: shape {vectors.shape}")
        if vectors.dtype not in (np.float32, np.float64):
            vectors = vectors.astype(np.float64)
        with _private_folder(vectors) as folder:
            np.save(os.path.join(folder, "z.npy"), vectors, allow_pickle=False)
            indices = os.path.join(folder, "kept.txt")
            vectors_path = os.path.join(folder, "z.npy")
            args = ["latent", "screen", "--model", self.path, "--group", group, "--vectors", vectors_path,
                    "--indices", indices] + _options(strategy=strategy, jobs=jobs)
            words = {vectors_path: "z", "--vectors": "z"}
            completed = _call(args, words=words, allowed=(0, 1, 2))
            if not os.path.exists(indices):  # status 2 with no output: the tool's message says why
                raise Error(_in_call_arguments(completed.stderr.strip(), args, words) or "no output written", completed.returncode)
            with open(indices) as handle:
                kept = [int(line) for line in handle if line.strip()]
        if completed.returncode in (1, 2):
            # Rows the tool could not screen (NaN, an infinity) are never kept; it names each on standard error.
            rows = re.findall(r"^\S*z\.npy: row (\d+): (.*)$", completed.stderr, flags=re.MULTILINE)
            shown = ", ".join(row for row, _ in rows[:10]) + (", ..." if len(rows) > 10 else "")
            warnings.warn(f"ganfilter latent screen: note: {len(rows)} of {len(vectors)} vectors are never kept, rows {shown}"
                          + (f" ({rows[0][1]})" if rows else ""), Note, stacklevel=2)
        accepted = np.zeros(len(vectors), dtype=bool)
        accepted[kept] = True
        return accepted

    def sample(self, n, group, seed=0, strategy=None, *, latent_distribution=None, jobs=None):
        """`n` latent vectors for `group` drawn from the model's prior that the prefilter keeps: float32, n x d.
        `latent_distribution` ("uniform" or "normal") names the prior when the model does not record it."""
        with tempfile.TemporaryDirectory(prefix="ganfilter-") as folder:
            output = os.path.join(folder, "z.npy")
            _call(["latent", "sample", "--model", self.path, "--group", group, "--count", str(operator.index(n)), "--seed", str(operator.index(seed)),
                   "--output", output] + _options(strategy=strategy, latent_distribution=latent_distribution, jobs=jobs),
                  words={"--count": "n"})
            return np.load(output, allow_pickle=False)


def suggest_labels(masks, count, *, labels=None, reference=None, reference_member=None, set="all", seed=0, page=None, jobs=None):
    """Which masks of `masks` to label next (`ganfilter label suggest`): `count` of them, chosen to teach a filter
    the most (the first round spread over the label-free score and dense near its threshold, later ones where the
    labels so far leave the model least sure, and diverse).

    `masks` is the whole batch (an N x H x W array or a list of PNG paths, as `MaskFilter.train` takes); `labels` the labels
    so far, by position (as `MaskFilter.train` takes them), never suggested again; `reference` the real masks
    (an array, or a folder, .npy or .npz of them; `reference_member` names the .npz's array) that add the realism
    columns and the label-free threshold; `set` the
    features ("all" by default); the same `seed` gives the same choice. `page` is a folder to write the offline
    labelling page into (`page/index.html`: g good, b bad, u undo; its "Save labels.csv" button downloads every
    label so far, which `read_labels` reads back). `jobs` caps the threads that measure the masks.

    Returns a dict of arrays, in the order suggested: `index` (the position in `masks`, 0 to N-1 whatever a
    Series' own index: `df.iloc[picks["index"]]`), `score` (the label-free score, NaN without one) and `reason`
    (why each was chosen).
    """
    with _private_folder(masks, reference) as folder:
        reference = _reference_options(reference, reference_member, folder)
        names, _ = _measure(masks, reference, set, folder, jobs)
        args = ["label", "suggest", "--features", "features.csv", "--count", str(operator.index(count)), "--seed", str(operator.index(seed)),
                "--output", "next.csv"]
        if labels is not None:
            _write_labels(labels, names, os.path.join(folder, "labels.csv"), masks)
            args += ["--labels", "labels.csv"]
        args += reference
        if page is not None:
            args += ["--page", os.path.abspath(os.fspath(page))]
        _notes(_call(args, cwd=folder, allowed=(0, 1)).stderr, stacklevel=2)  # 1: masks in error, never suggested (noted above)
        with open(os.path.join(folder, "next.csv"), newline="") as handle:
            rows = list(csv.DictReader(handle))
    position = {name: index for index, name in enumerate(names)}
    missing = [row["file"] for row in rows if row["file"] not in position]
    if missing:
        raise Error(f"label suggest named masks that are not among those given: {missing[:3]}", 70)
    return {"index": np.array([position[row["file"]] for row in rows], dtype=np.int64),
            "score": np.array([float(row["score"]) if row["score"] else np.nan for row in rows], dtype=np.float64),
            "reason": np.array([row["reason"] for row in rows], dtype=str)}


def read_labels(path, masks=None):
    """The labels of a `file,label` CSV (what the labelling page of `suggest_labels` saves) as a dict of position
    -> bool (True for good), the form `suggest_labels` and `MaskFilter.train` take.

    The rows of masks passed as an array are named `masks-DIGEST.npy[i]`: i is the position, and DIGEST is the
    array's (`_stack_name`). Given the array as `masks`, every row must carry its digest, so that labels made on
    other masks (a batch drawn again, or shuffled) are refused rather than joined to the wrong ones. For masks
    passed as paths, `masks` is that list, and a row's position is that of its file there. A label is good/bad,
    true/false, 1/0 or 1.0/0.0 (any case), as `train` reads it; the same label twice counts once, as `train` counts it. Raises `ValueError`
    naming the line of a row it cannot place or read, or that contradicts an earlier one.
    """
    paths = None if masks is None else _mask_paths(masks)
    position = None if paths is None else {os.path.abspath(p): i for i, p in enumerate(paths)}
    expected = None if masks is None or paths is not None else _stack_name(_mask_array(masks, "masks"))
    try:
        return _read_labels(path, position, expected)
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text (byte {error.start}): a labels file is the CSV the labelling page saves") from None


def _read_labels(path, position, expected):
    """`read_labels`'s rows, by `position` (path -> position) or by stack row names of the stack `expected` (None:
    any stack)."""
    labels = {}
    with open(os.fspath(path), newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "file" not in reader.fieldnames or "label" not in reader.fieldnames:
            raise ValueError(f"{path}: the header must name the columns file and label")
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise ValueError(f"{path}:{reader.line_num}: {error}") from None
            line = reader.line_num
            name, text = row["file"] or "", (row["label"] or "").strip().lower()
            if text not in _LABEL_WORDS:
                said = "no label" if row["label"] is None else f"label {row['label']!r}"
                raise ValueError(f"{path}:{line}: {said}, none of good, bad, true, false, 1, 0, 1.0, 0.0")
            if position is not None:
                index = position.get(os.path.abspath(name))
                if index is None:
                    raise ValueError(f"{path}:{line}: file {name!r} is none of the masks' paths")
            else:
                stack, index = _stack_row(name)
                if index is None:
                    raise ValueError(f"{path}:{line}: file {name!r} is not a row of an array of masks (masks-DIGEST.npy[i]; "
                                     "pass masks= the list of paths for masks given as paths)")
                if expected is not None and stack != expected:
                    raise ValueError(f"{path}:{line}: file {name!r} was labelled on other masks than these ({expected}): "
                                     "pass the array the labels were made on, in the same order")
            if labels.get(index, _LABEL_WORDS[text]) != _LABEL_WORDS[text]:
                raise ValueError(f"{path}:{line}: file {name!r} is labelled both good and bad")
            labels[index] = _LABEL_WORDS[text]
    return labels


#: Label words and what they mean (True is good).
#: The same words as the tool's labels files (`BinaryField`), "1.0"/"0.0" being how pandas writes a column of
#: 1s and 0s with a missing value among them.
_LABEL_WORDS = {"good": True, "bad": False, "true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False}
#: The name of the stack an array of masks is saved as: `masks-` and the first hex digits of a digest of the array.
_STACK_PATTERN = re.compile(r"(masks-[0-9a-f]{16}\.npy)\[([0-9]+)\]")


def _stack_name(array):
    """The file name an array of masks is saved as, in a private folder (its rows are `NAME[i]`): `masks-` and 16
    hex digits of the BLAKE2b digest of its shape, type and bytes (C order), so that the same masks always have the
    same name and other masks another."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{array.shape}{array.dtype.str}".encode())
    digest.update(memoryview(np.ascontiguousarray(array)).cast("B"))
    return f"masks-{digest.hexdigest()}.npy"


def _stack_row(name):
    """(stack name, i) of a row named `masks-DIGEST.npy[i]`; (None, None) for another name."""
    match = _STACK_PATTERN.fullmatch(name)
    return (match.group(1), int(match.group(2))) if match else (None, None)


def _measure(masks, reference, feature_set, folder, jobs):
    """Measures `masks` into FOLDER/features.csv (run in `folder`, with the `--reference` options `reference`,
    `_reference_options`); returns each mask's row name, in the input's order: `NAME[i]` for an array (saved
    as FOLDER/NAME, `_stack_name`), the absolute path for a path; and the set of those names the tool could not read
    (noted here)."""
    paths = _mask_paths(masks)
    if paths is None:
        array = _mask_array(masks, "masks")
        stack = _stack_name(array)
        np.save(os.path.join(folder, stack), array, allow_pickle=False)
        names, inputs = [f"{stack}[{i}]" for i in range(len(array))], [stack]
    else:
        names = [os.path.abspath(p) for p in paths]
        inputs = names
        folders = [p for p in paths if os.path.isdir(p)]
        if folders:
            raise ValueError(f"masks names a folder, {folders[0]}: name its files, so that labels have positions")
        stacks = [p for p in paths if p.lower().endswith((".npy", ".npz"))]
        if stacks:
            raise ValueError(f"masks names a stack of masks, {stacks[0]}: pass its array (numpy.load(...)), so that labels have "
                             "positions")
        if len(set(names)) != len(names):
            raise ValueError("masks names a file twice: labels are joined by file")
    args = ["features", "--set", feature_set, "--output", "features.csv"] + reference
    completed = _call(args + _options(jobs=jobs) + ["--"] + inputs, cwd=folder, allowed=(0, 1))
    _notes(completed.stderr, stacklevel=3)
    unreadable = set()
    if completed.returncode == 1:
        table = _read_table(os.path.join(folder, "features.csv"))
        _unreadable_note(table, "features", stacklevel=3)
        unreadable = {name for name, status in zip(table["file"], table["status"]) if status == "error"}
    return names, unreadable


def _write_labels(labels, names, path, masks=None):
    """Writes `labels` (by position in `names`, the row names of `masks`, as `MaskFilter.train` takes them) as the
    `file,label` CSV `train` and `label suggest` read. A pandas Series of labels joins by its index: with `masks`
    a Series too (paths, `df["file"]`), on the masks' index, as pandas aligns two columns; else as positions."""
    if isinstance(labels, dict) or _is_series(labels):
        # By key, and a Series by its index as pandas joins: sorted or filtered, each label stays with its mask.
        position = _index_positions(masks, labels.index) if _is_series(labels) and _is_series(masks) else None
        items = [(index if position is None else position[index], label) for index, label in labels.items() if not _unlabelled(label)]
    else:
        sequence = list(_numpy(labels) if hasattr(labels, "__array__") or _is_tensor(labels) else labels)  # a tensor's items as NumPy scalars
        if len(sequence) != len(names):
            raise ValueError(f"labels holds {len(sequence)} entries for {len(names)} masks: give one per mask (None for "
                             "the unlabelled) or a dict of index -> label")
        items = [(i, label) for i, label in enumerate(sequence) if not _unlabelled(label)]
    rows = []
    for index, label in items:
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < len(names):
            raise ValueError(f"labels: {index!r} is no position among the {len(names)} masks")
        rows.append((names[index], "good" if _is_good(label, index) else "bad"))
    if not rows:
        raise ValueError("labels holds no label")
    with open(path, "w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([("file", "label")] + rows)


def _index_positions(masks, keys):
    """The position in the Series `masks` of each of `keys`, values of its index (labels' index joining it); a
    `ValueError` when its index repeats a value or lacks one of `keys`."""
    position = {key: i for i, key in enumerate(masks.index)}
    if len(position) != len(masks):
        raise ValueError("masks is a Series whose index repeats a value: labels cannot join on it (reset_index first)")
    for key in keys:
        if key not in position:
            raise ValueError(f"labels' index holds {key!r}, which the index of masks does not: a Series of labels "
                             "joins on the masks' index")
    return position


def _unlabelled(label):
    """Whether an entry of a label sequence marks no label (None, NaN or pandas' NA)."""
    pandas = sys.modules.get("pandas")
    return (label is None or (isinstance(label, (float, np.floating)) and np.isnan(label))
            or (pandas is not None and label is getattr(pandas, "NA", None)))


def _is_series(labels):
    """Whether `labels` is a pandas Series (pandas is not imported for it: a Series exists only if it was)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(labels, pandas.Series)


def _is_good(label, index):
    """A label as a bool: True/False, 1/0 or "good"/"bad"."""
    if isinstance(label, (bool, np.bool_)):
        return bool(label)
    if isinstance(label, (int, np.integer, float, np.floating)) and label in (0, 1):
        return label == 1
    if isinstance(label, str) and label.strip().lower() in _LABEL_WORDS:
        return _LABEL_WORDS[label.strip().lower()]
    raise ValueError(f"labels[{index}]: {label!r} is none of True/False, 1/0, \"good\"/\"bad\"")


@contextlib.contextmanager
def _private_folder(*arrays):
    """A private temporary folder (mode 0700, removed on exit) for `arrays` and the tables the tool writes: in
    memory (/dev/shm) when it has room for twice their bytes and 64 MiB more, so that they are not written to disk
    and back, else in the system's temporary folder. An `Error` raised inside names what the user passed, not the
    folder's files (`_without_folder`)."""
    needed = 2 * sum(a.element_size() * a.nelement() if _is_tensor(a) else np.asarray(a).nbytes
                     for a in arrays if a is not None and not isinstance(a, (str, os.PathLike, list, tuple)))
    memory, place = "/dev/shm", None
    try:
        stats = os.statvfs(memory)
        if os.path.isdir(memory) and os.access(memory, os.W_OK) and stats.f_bavail * stats.f_frsize > needed + (64 << 20):
            place = memory
    except OSError:
        pass
    with tempfile.TemporaryDirectory(prefix="ganfilter-", dir=place) as folder:
        try:
            yield folder
        except Error as error:
            error.message = _without_folder(error.message, folder)
            error.args = (error.message,)
            raise


def _without_folder(message, folder):
    """`message` as the API's user knows its terms: the private `folder`'s `reference.npy` is the reference array
    passed, and its other files lose the folder (`masks-DIGEST.npy` names the masks array, as its rows do)."""
    for place in {folder, os.path.realpath(folder)}:
        reference = os.path.join(place, "reference.npy")
        message = message.replace("reference " + reference, "the reference array").replace(reference, "the reference array")
        message = message.replace(place + os.sep, "")
    return message


def _options(**values):
    """`--name value` for every option given (underscores become dashes)."""
    args = []
    for name, value in values.items():
        if value is not None:
            args += ["--" + name.replace("_", "-"), str(value)]
    return args


def _flags(**values):
    """`--name` for every flag set (underscores become dashes)."""
    return ["--" + name.replace("_", "-") for name, value in values.items() if value]


def _mask_paths(masks):
    """`masks` as a list of path strings when it names files (a path, a list or tuple of them, a one-dimensional
    array of strings or a pandas Series of them, `df["file"]`), else None (an array of masks)."""
    if isinstance(masks, (str, os.PathLike)):
        masks = [masks]
    elif _is_series(masks) or (isinstance(masks, np.ndarray) and masks.ndim == 1 and masks.dtype.kind in "UO"):
        masks = list(masks)
    if isinstance(masks, (list, tuple)) and all(isinstance(m, (str, os.PathLike)) for m in masks):
        paths = [os.fspath(m) for m in masks]
        if not paths:
            raise ValueError("no masks given")
        return paths
    return None


def _is_tensor(value):
    """Whether `value` is a torch tensor (or one like it: `detach`, `cpu`, `numpy`, `element_size` and `nelement`), on
    any device."""
    return all(hasattr(value, name) for name in ("detach", "cpu", "numpy", "element_size", "nelement"))


def _numpy(value):
    """`value` as a NumPy array: a torch tensor detached from its graph and brought to the CPU (bfloat16 as float32,
    which NumPy lacks and which converts exactly), anything else as `np.asarray` takes it."""
    if _is_tensor(value):
        value = value.detach().cpu()
        if "bfloat16" in str(getattr(value, "dtype", "")):
            value = value.float()
        return value.numpy()
    return np.asarray(value)


def _check_array(array, given, name, wanted):
    """Refuses (`TypeError`) what `np.asarray` makes no array of numbers from (None, a dict, a generator, a
    string): it comes back as one object of shape (), whose shape would say nothing of what went wrong."""
    if array.ndim == 0 and array.dtype.kind in "OUS":
        raise TypeError(f"{name} must be an {wanted}, not {type(given).__name__}"
                        + (" (a generator or iterator: pass list(...) or np.stack(...) of it)" if hasattr(given, "__next__") else ""))


def _is_ml_float(dtype):
    """Whether `dtype` is one of the small floats JAX and PyTorch models compute in (`bfloat16`, `float8_*`, as the
    `ml_dtypes` package gives them to NumPy): each converts exactly to float32."""
    return dtype.kind == "V" and dtype.names is None and (dtype.name == "bfloat16" or dtype.name.startswith(("float8_", "float6_", "float4_")))


def _channels_hint(shape, name):
    """For masks of several channels (N x C x H x W or N x H x W x C, C at most 16 beside image axes of more), the
    calls that make one mask of both lungs of each, as the tool says of such a .npy file; else ""."""
    if len(shape) != 4:
        return ""
    if shape[1] <= 16 < min(shape[2], shape[3]):
        axis, channels, rest = 1, shape[1], f"{name}[:, 1:]"
    elif shape[3] <= 16 < min(shape[1], shape[2]):
        axis, channels, rest = -1, shape[3], f"{name}[..., 1:]"
    else:
        return ""
    return (f"; masks of {channels} channels (axis {axis}), and each mask must hold both lungs: pass the channels that "
            f"hold lung as one, such as {name}.max(axis={axis}) for one lung a channel, {rest}.max(axis={axis}) with "
            f"the background first, or {name}.argmax(axis={axis}) > 0 for class scores")


def _mask_array(masks, name):
    """`masks` as an N x H x W array of a type the tool reads (one H x W mask becomes a stack of one; a channel of
    one, N x 1 x H x W or N x H x W x 1, is dropped)."""
    if isinstance(masks, (list, tuple)):
        shapes = [np.shape(m) for m in masks]
        other = next((i for i, shape in enumerate(shapes) if shape != shapes[0]), None)
        if other is not None:
            raise ValueError(f"{name} holds masks of different shapes ({shapes[0]} at 0, {shapes[other]} at {other}): pass one "
                             "N x H x W array of one size, or the masks as PNG files by path (against a reference, each is "
                             "compared resized to the reference's size)")
        masks = [_numpy(m) for m in masks] if any(_is_tensor(m) for m in masks) else masks
    array = _numpy(masks)
    _check_array(array, masks, name, "N x H x W array of masks, a list of them, or PNG paths")
    if array.ndim == 2:
        array = array[None]
    if array.ndim == 4 and array.shape[1] == 1:
        array = array[:, 0]
    elif array.ndim == 4 and array.shape[3] == 1:
        array = array[..., 0]
    if array.ndim != 3:
        raise ValueError(f"{name} must be N x H x W (or N x 1 x H x W, N x H x W x 1), got shape {array.shape}"
                         + _channels_hint(array.shape, name))
    if 0 in array.shape:
        raise ValueError(f"{name} holds no masks or masks of no pixels: shape {array.shape}")
    if array.dtype.type in _MASK_TYPES:
        return array
    if array.dtype.kind in "iu":
        if array.size and (array.min() < 0 or array.max() > 255):
            raise ValueError(f"{name}: integer masks must hold grey levels 0-255 (got {array.min()} to {array.max()}) "
                             "(16-bit grey 0-65535? pass (masks >> 8).astype(np.uint8); labels of other values, such as -1 "
                             "or 1000? pass masks > 0 for every labelled pixel, or masks == LABEL for one class)")
        return array.astype(np.uint8)
    if array.dtype.kind == "f" or _is_ml_float(array.dtype):
        return array.astype(np.float32)
    raise TypeError(f"{name}: masks of dtype {array.dtype} are not read; use bool, uint8 or float probabilities")


def _check_member(reference, member):
    """Refuses (`ValueError`) a `reference_member` without a reference file to take it from."""
    if not isinstance(reference, (str, os.PathLike)) and member is not None:
        raise ValueError(f"reference_member {member!r} names an array of an .npz reference file; "
                         + ("no reference was given" if reference is None else "reference is an array already"))


def _reference_options(reference, member, folder):
    """The `--reference` options of a command run in `folder`: [] for no reference; a path made absolute, with
    `--reference-member member` when one is named (`_check_member`); an array saved as FOLDER/reference.npy."""
    _check_member(reference, member)
    if reference is None:
        return []
    if isinstance(reference, (str, os.PathLike)):
        return ["--reference", os.path.abspath(os.fspath(reference))] + ([] if member is None else ["--reference-member", str(member)])
    path = os.path.join(folder, "reference.npy")
    np.save(path, _mask_array(reference, "reference"), allow_pickle=False)
    return ["--reference", path]


def _table(args, masks, output, folder, words=None):
    """Runs the batch command `args` on `masks` and reads the CSV table it wrote, column by column; returns it
    with the order to put its rows in (`_in_order`).

    Paths are passed after `--` (rows come back sorted by path). An array is streamed to the tool's standard
    input (`-`) as `.npy` bytes in C order, which the tool reads while it measures (rows come back in the array's
    order, named `masks[i]`). A batch in which some or all masks were unreadable (status 1 or 2) still returns
    its table, whose rows say why; no table is an `Error`, in the words of the call (`_in_call_arguments`, with
    `words`).
    """
    paths = _mask_paths(masks)
    array = None if paths else np.ascontiguousarray(_mask_array(masks, "masks"))  # checked before the tool starts
    with open(os.path.join(folder, "stderr.txt"), "w+") as errors:
        process = subprocess.Popen([executable(), *args, "--", *(paths or ["-"])], stdin=subprocess.DEVNULL if paths else subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=errors)
        if array is not None:
            try:
                header = io.BytesIO()
                np.lib.format.write_array_header_1_0(header, np.lib.format.header_data_from_array_1_0(array))
                process.stdin.write(header.getvalue())
                process.stdin.write(memoryview(array).cast("B"))  # the array's own bytes, no copy
            except BrokenPipeError:
                pass  # the tool stopped reading: its message says why
            except BaseException:
                process.kill()
                process.wait()
                raise
            finally:
                with contextlib.suppress(OSError):  # a broken pipe's unwritten bytes
                    process.stdin.close()
        status = process.wait()
        errors.seek(0)
        message = errors.read().strip()
    if paths is None:
        message = re.sub(r"(?<![^\s(])-\[(\d+)\]", r"masks[\1]", message)  # the array's masks, as the table's rows name them
    if status not in (0, 1, 2) or not os.path.exists(output):
        raise Error(_in_call_arguments(message, args, words) or "no output written", status)
    message = _in_call_words(message)
    _notes(message, stacklevel=3)
    columns = _read_table(output, streamed=paths is None)
    _unreadable_note(columns, args[0], stacklevel=3)
    return columns, paths


def _read_table(path, streamed=False):
    """The CSV table the tool wrote at `path`, column by column: text columns as strings, `index` as int64 (-1 where
    empty), the others as float64 (NaN where empty). With `streamed`, rows of masks read from standard input (`-[i]`)
    are renamed `masks[i]`."""
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    header, records = rows[0], rows[1:]
    columns = {}
    for position, name in enumerate(header):
        values = [record[position] for record in records]
        if name == "file":
            columns[name] = np.array(["masks" + v[1:] if streamed and v.startswith("-[") else v for v in values], dtype=str)
        elif name in _TEXT_COLUMNS:
            columns[name] = np.array(values, dtype=str)
        elif name == "index":
            columns[name] = np.array([int(v) if v else -1 for v in values], dtype=np.int64)
        else:
            columns[name] = np.array([float(v) if v else np.nan for v in values], dtype=np.float64)
    return columns


def _unreadable_note(columns, command, stacklevel):
    """Issues a `Note` when rows of the table `columns` (of `features`: `status`, `error`; of `filter`: `decision`,
    `reason`) are masks the tool could not read, naming how many and why (up to three reasons): `decide` returns
    only `(accepted, probability)`, where such a mask is a rejection and a NaN, and would not say why otherwise."""
    status = columns.get("status", columns.get("decision"))
    reasons = columns.get("error", columns.get("reason"))
    if status is None or reasons is None:
        return
    unreadable = np.flatnonzero(status == "error")
    if len(unreadable) == 0:
        return
    shown = []
    for row in unreadable:
        reason = re.sub(r"^unreadable: ", "", str(reasons[row]))
        if all(reason != seen for _, seen in shown):
            shown.append((columns["file"][row], reason))
        if len(shown) == 3:
            break
    why = _in_call_words("; ".join(f"{name}: {reason}" for name, reason in shown))
    warnings.warn(f"ganfilter {command}: note: {len(unreadable)} of {len(status)} masks could not be read{' and none of them is accepted' if command == 'filter' else ''} ({why})",
                  Note, stacklevel=stacklevel + 1)


def _in_call_words(text):
    """The tool's advice in `text` (a note, a reason) as the calls of this module take it: their arguments in place
    of the command line's options."""
    return (text.replace("--recursive reads", "recursive=True reads").replace("name one with --member", "name one with member=")
            .replace("--reference-member", "reference_member"))


def _call(args, *, words=None, cwd=None, allowed=(0,)):
    """Runs the command `args` for a call of this module, as `run` does; but its `Error` speaks of the call, not of
    the command line (`_in_call_arguments`)."""
    try:
        return run(args, cwd=cwd, allowed=allowed)
    except Error as error:
        raise Error(_in_call_arguments(error.message, args, words) or error.message, error.status) from None


def _in_call_arguments(message, args, words=None):
    """The tool's error `message` for a call that ran the command `args`: without the command line's usage and help
    lines, each option of `args` named as the call's argument (`--accept-threshold` as `accept_threshold`), and
    `words` (option or private path -> what the call calls it) in place of the rest."""
    lines = []
    for line in message.splitlines():
        if line.startswith(("Usage: ", "Help: ")):
            break  # the command line's usage and help, to the end
        if line.strip() and not line.startswith("See 'ganfilter"):
            lines.append(line)
    text = re.sub(r"^Error: ", "", "\n".join(lines), flags=re.MULTILINE)
    named = {arg: arg[2:].replace("-", "_") for arg in map(str, args) if arg.startswith("--") and len(arg) > 2}
    named.update(words or {})
    for written in sorted(named, key=len, reverse=True):
        text = re.sub(re.escape(written) + (r"(?![\w-])(?: <[\w-]+>)?" if written.startswith("--") else ""),
                      lambda _: named[written], text)
    return _in_call_words(text.strip())


def _in_order(columns, order):
    """The rows of a table over the paths `order` (as given, duplicates included) in that order; an array's rows
    (order None) in the order of their index column."""
    if order is None:
        # An array's rows, by their index column (the tool writes them in the array's order; this does not rely on it).
        if "index" in columns and len(columns["index"]):
            rows = np.argsort(columns["index"], kind="stable")
            return {name: values[rows] for name, values in columns.items()}
        return columns
    position = {name: i for i, name in enumerate(columns["file"])}
    missing = [p for p in order if p not in position]
    if missing:
        # A folder among the paths: its files are rows of their own, kept in the tool's order.
        return columns
    rows = np.array([position[p] for p in order], dtype=np.int64)
    return {name: values[rows] for name, values in columns.items()}
