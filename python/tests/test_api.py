"""The wheel's Python API against its own command line, on masks and latents this suite makes or the repository ships.

    pip install dist/ganfilter-*.whl pytest
    pytest python/tests

Runs against the installed package (the binary inside the wheel); GANFILTER_EXECUTABLE selects another binary.
"""
import csv
import gc
import os
import re
import shutil
import subprocess
import warnings

import numpy as np
import pytest

import ganfilter
from ganfilter._api import _stack_name
from ganfilter._png import write_png

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STACKS = os.path.join(REPOSITORY, "Tests", "Fixtures", "stacks")


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def cli(*args, cwd=None):
    """The `ganfilter` console script the wheel put on the PATH."""
    return subprocess.run(["ganfilter", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def grey():
    return np.load(os.path.join(STACKS, "grey.npy"))


@pytest.fixture(scope="module")
def pngs(tmp_path_factory, grey):
    folder = tmp_path_factory.mktemp("pngs")
    paths = []
    for index, mask in enumerate(grey):
        path = str(folder / f"m_{index:02d}.png")
        write_png(path, mask)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """A mask filter trained on the repository's labelled masks, and a latent prefilter on synthetic latents."""
    folder = tmp_path_factory.mktemp("models")
    masks = os.path.join(REPOSITORY, "masks")
    for args in (["features", masks, "-o", "features.csv", "--jobs", "2"],
                 ["train", "--features", "features.csv", "--labels", os.path.join(masks, "labels.csv"), "-o", "model.json", "--jobs", "2"],
                 ["synth", "latent", "--records", "1200", "--dimensions", "8", "--output", "latent.csv"],
                 ["latent", "train", "--data", "latent.csv", "--groups", "18_24m", "--output", "prefilter.json", "--jobs", "2",
                  "--latent-distribution", "uniform"]):
        ganfilter.run(args, cwd=folder)
    return folder


def test_the_console_script_is_the_binary():
    assert cli("--version").stdout.strip() == ganfilter.__version__
    assert "features" in cli("--help").stdout


def test_features_of_an_array_are_the_command_lines_on_the_same_masks_as_pngs(grey, pngs, tmp_path):
    folder = os.path.dirname(pngs[0])
    for feature_set in ("symmetry", "all"):
        run = cli("features", folder, "--set", feature_set, "-o", str(tmp_path / "f.csv"))
        assert run.returncode == 0, run.stderr
        rows = read_csv(tmp_path / "f.csv")
        table = ganfilter.features(grey, set=feature_set)
        assert list(table["index"]) == list(range(len(grey)))
        assert list(table["status"]) == [row["status"] for row in rows]
        for name in rows[0]:
            if name in ("file", "status", "error"):
                continue
            expected = np.array([float(row[name]) if row[name] else np.nan for row in rows])
            np.testing.assert_array_equal(table[name], expected, err_msg=name)


def test_every_mask_type_gives_the_same_features(grey):
    reference = ganfilter.features(grey, set="all")
    for masks in (grey >= 128, (grey / 255).astype(np.float32), grey / 255.0, grey.astype(np.int64),
                  np.asfortranarray(grey), grey.astype(">f4") / 255,
                  # 0/1 masks as a segmentation network gives them: N x 1 x H x W (PyTorch), N x H x W x 1 (JAX)
                  (grey >= 128).astype(np.int64)[:, None], (grey >= 128).astype(np.uint8)[..., None]):
        table = ganfilter.features(masks, set="all")
        for name, values in reference.items():
            if name != "file":
                np.testing.assert_array_equal(table[name], values, err_msg=f"{name} of {masks.dtype}")
    one = ganfilter.features(grey[3])
    assert len(one["status"]) == 1 and one["iou"][0] == reference["iou"][3]


def test_jax_arrays_and_their_small_floats_give_the_same_features(grey):
    jnp = pytest.importorskip("jax.numpy")
    reference = ganfilter.features(grey >= 128)
    probabilities = jnp.asarray((grey >= 128).astype(np.float32))
    for masks in (jnp.asarray(grey >= 128), probabilities, probabilities.astype(jnp.bfloat16), probabilities[:, None]):
        np.testing.assert_array_equal(ganfilter.features(masks)["iou"], reference["iou"], err_msg=str(masks.dtype))
    # A bfloat16 probability just under one half stays under it, as in float32.
    almost = jnp.asarray(np.where(grey >= 128, 0.75, 0.49609375), dtype=jnp.bfloat16)
    np.testing.assert_array_equal(ganfilter.features(almost)["iou"], reference["iou"])


class _DeviceTensor:
    """A stand-in for a torch tensor on a GPU that requires grad: NumPy cannot take it as it is, as torch refuses
    (`__array__` raises), until it is detached and brought to the CPU, and a bfloat16 one not before `.float()`."""

    def __init__(self, array, device="cuda:0", requires_grad=True, dtype=None):
        self.array, self.device, self.requires_grad = array, device, requires_grad
        self.dtype, self.shape = dtype or f"torch.{array.dtype}", array.shape

    def __array__(self, dtype=None, copy=None):
        raise TypeError(f"can't convert {self.device} device type tensor to numpy" if self.device != "cpu"
                        else "Can't call numpy() on Tensor that requires grad")

    def detach(self):
        return _DeviceTensor(self.array, self.device, False, self.dtype)

    def cpu(self):
        return _DeviceTensor(self.array, "cpu", self.requires_grad, self.dtype)

    def float(self):
        return _DeviceTensor(self.array.astype(np.float32), self.device, self.requires_grad)

    def numpy(self):
        if self.device != "cpu" or self.requires_grad:
            self.__array__()
        if self.dtype == "torch.bfloat16":
            raise TypeError("Got unsupported ScalarType BFloat16")
        return self.array

    def element_size(self):
        return self.array.itemsize

    def nelement(self):
        return self.array.size


def test_a_tensor_on_a_device_that_requires_grad_is_read(grey, models):
    lungs = grey >= 128
    probabilities = lungs.astype(np.float32)
    expected = ganfilter.features(lungs)["iou"]
    np.testing.assert_array_equal(ganfilter.features(_DeviceTensor(probabilities))["iou"], expected)
    np.testing.assert_array_equal(ganfilter.features([_DeviceTensor(p) for p in probabilities])["iou"], expected)
    np.testing.assert_array_equal(ganfilter.features(_DeviceTensor(probabilities, dtype="torch.bfloat16"))["iou"], expected)
    np.testing.assert_array_equal(ganfilter.features(lungs, reference=_DeviceTensor(probabilities[:4]))["iou"], expected)
    z = np.random.default_rng(0).normal(size=(20, 8))
    prefilter = ganfilter.Prefilter(models / "prefilter.json")
    np.testing.assert_array_equal(prefilter.screen(_DeviceTensor(z), group="18_24m"), prefilter.screen(z, group="18_24m"))


def test_paths_come_back_in_the_order_given(grey, pngs):
    given = list(reversed(pngs)) + [pngs[2]]
    table = ganfilter.features(given)
    assert list(table["file"]) == given
    np.testing.assert_array_equal(table["iou"], ganfilter.features(grey)["iou"][[6, 5, 4, 3, 2, 1, 0, 2]])
    # The paths as an array of strings, or a table's column of them (its index aside), are the same paths.
    np.testing.assert_array_equal(ganfilter.features(np.array(given))["iou"], table["iou"])
    try:
        import pandas
    except ImportError:
        return
    column = pandas.Series(given, index=range(len(given), 0, -1))
    np.testing.assert_array_equal(ganfilter.features(column)["iou"], table["iou"])


def test_folders_of_sub_folders_are_read_when_asked_and_noted_in_the_calls_words_when_not(grey, pngs, models, tmp_path):
    runs = tmp_path / "runs"
    for run, paths in (("run1", pngs[:3]), ("run2", pngs[3:])):
        (runs / run).mkdir(parents=True)
        for path in paths:
            shutil.copy(path, runs / run)
    with pytest.warns(ganfilter.Note, match=r"2 sub-folders \(run1, run2\): recursive=True reads the PNG files in them"):
        assert len(ganfilter.features([runs])["file"]) == 0
    table = ganfilter.features([runs], recursive=True)
    assert [os.path.relpath(name, runs) for name in table["file"]] == [
        os.path.join(run, os.path.basename(path)) for run, paths in (("run1", pngs[:3]), ("run2", pngs[3:])) for path in paths]
    np.testing.assert_array_equal(table["iou"], ganfilter.features(grey)["iou"])
    mask_filter = ganfilter.MaskFilter(models / "model.json")
    accepted, probability = mask_filter.decide([runs], recursive=True)
    np.testing.assert_array_equal(probability, mask_filter.decide(grey)[1])
    real = lungs(30, seed=1, size=128)
    with pytest.warns(ganfilter.Note, match="recursive=True reads"):
        assert len(ganfilter.ReferenceFilter(real).decide([runs])[0]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ganfilter.Note)  # a small reference of another size, as the test means
        np.testing.assert_array_equal(ganfilter.ReferenceFilter(real).decide([runs], recursive=True)[1],
                                      ganfilter.ReferenceFilter(real).decide(grey)[1])


def test_an_archive_of_several_arrays_is_read_by_its_member_and_noted_in_the_calls_words(grey, models, tmp_path):
    archive = str(tmp_path / "runs.npz")
    np.savez(archive, first=grey[::-1], masks=grey)
    n, h, w = grey.shape
    with pytest.warns(ganfilter.Note, match=rf"holds 2 arrays \(first.npy: {n} x {h} x {w} \|u1; masks.npy: {n} x {h} x {w} \|u1\); "
                                            r"name one with member="):
        assert list(ganfilter.features([archive])["status"]) == ["error"]
    table = ganfilter.features([archive], member="masks")
    assert list(table["file"]) == [f"{archive}:masks[{i}]" for i in range(len(grey))]
    np.testing.assert_array_equal(table["iou"], ganfilter.features(grey)["iou"])
    mask_filter = ganfilter.MaskFilter(models / "model.json")
    np.testing.assert_array_equal(mask_filter.decide([archive], member="first")[1], mask_filter.decide(grey[::-1])[1])
    real = lungs(30, seed=1, size=128)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ganfilter.Note)  # a small reference of another size, as the test means
        np.testing.assert_array_equal(ganfilter.ReferenceFilter(real).decide([archive], member="masks")[1],
                                      ganfilter.ReferenceFilter(real).decide(grey)[1])


def test_a_reference_as_an_array_a_stack_file_or_a_folder_gives_the_same_realism(grey, tmp_path):
    real = grey[[0, 1, 2, 3]]  # a reference holds no empty mask
    os.mkdir(tmp_path / "real")
    for index, mask in enumerate(real):
        write_png(str(tmp_path / "real" / f"r{index}.png"), mask)
    np.save(tmp_path / "real.npy", real)
    np.savez(tmp_path / "dataset.npz", images=grey[:4], masks=real)  # a dataset kept with its images
    as_array = ganfilter.features(grey, reference=real)
    as_folder = ganfilter.features(grey, reference=tmp_path / "real")
    as_file = ganfilter.features(grey, reference=str(tmp_path / "real.npy"))
    as_member = ganfilter.features(grey, reference=tmp_path / "dataset.npz", reference_member="masks")
    for other in (as_folder, as_file, as_member):
        np.testing.assert_array_equal(as_array["realism_dice"], other["realism_dice"])
        np.testing.assert_array_equal(as_array["realism_dice_mean5"], other["realism_dice_mean5"])
    assert list(as_array["realism_dice"][:4]) == [1.0] * 4 and as_array["status"][5] == "empty"
    # The label-free filter takes the archive's array too; an archive of several arrays needs it named.
    accepted, score = ganfilter.ReferenceFilter(real, accept_threshold=0.5).decide(grey)
    by_member = ganfilter.ReferenceFilter(tmp_path / "dataset.npz", reference_member="masks", accept_threshold=0.5).decide(grey)
    np.testing.assert_array_equal(accepted, by_member[0])
    np.testing.assert_array_equal(score, by_member[1])
    with pytest.raises(ganfilter.Error) as unnamed:
        ganfilter.features(grey, reference=tmp_path / "dataset.npz")
    assert unnamed.value.status == 64 and "name one with reference_member" in unnamed.value.message
    with pytest.raises(ValueError, match="reference is an array already"):
        ganfilter.ReferenceFilter(real, reference_member="masks")
    with pytest.raises(ValueError, match="no reference was given"):
        ganfilter.features(grey, reference_member="masks")


def test_mask_filter_decides_in_the_masks_order(grey, pngs, models):
    mask_filter = ganfilter.MaskFilter(models / "model.json")
    accepted, probability = mask_filter.decide(grey)
    assert accepted.dtype == bool and accepted.shape == (7,) and probability.shape == (7,)
    assert np.isnan(probability[5]) and not accepted[5]  # the empty mask
    again, p_again = mask_filter.decide(list(reversed(pngs)))
    np.testing.assert_array_equal(p_again, probability[::-1])
    everything, _ = mask_filter.decide(grey, accept_threshold=0.0)
    assert everything.sum() == 6


def test_masks_of_a_size_the_model_never_learned_from_are_noted(grey, models):
    mask_filter = ganfilter.MaskFilter(models / "model.json")
    same = sorted(os.path.join(REPOSITORY, "masks", name) for name in os.listdir(os.path.join(REPOSITORY, "masks"))
                  if name.endswith(".png"))[:4]
    with warnings.catch_warnings(record=True) as noted:
        warnings.simplefilter("always", ganfilter.Note)
        mask_filter.decide(same)  # the size the model learned from (256x256): nothing said of sizes
    assert not [note for note in noted if "never learned from" in str(note.message)]
    with pytest.warns(ganfilter.Note, match=r"7 of 7 masks are of a size the model never learned from \(37x23; the first is "
                                            r"masks\[0\]\): it learned from masks of 256x256"):
        accepted, _ = mask_filter.decide(grey)
    assert accepted.shape == (7,)  # decided all the same


def test_masks_drawn_inverted_are_noted(grey):
    with pytest.warns(ganfilter.Note, match=r"7 of the 7 masks reach all four edges of the image, as masks drawn inverted do"):
        table = ganfilter.features(255 - grey)
    assert list(table["status"]) == ["ok"] * 7  # read as drawn all the same


def lungs(count, seed, size=64):
    """`count` pairs of elliptic lungs on a `size` x `size` grid, their sizes and places drawn with `seed`."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    masks = np.zeros((count, size, size), np.uint8)
    for index in range(count):
        height, width, gap = rng.uniform(0.30, 0.36), rng.uniform(0.12, 0.15), rng.uniform(0.05, 0.08)
        for side in (-1, 1):
            centre = 0.5 + side * (gap + width)
            masks[index] |= ((((x - centre) / width) ** 2 + ((y - 0.5) / height) ** 2) < 1).astype(np.uint8) * 255
    return masks


def test_masks_turned_against_the_reference_are_noted():
    # Lungs of unequal size, the larger on the image's left, each with a flat base, as the reference draws them; the
    # same drawn mirrored, and upside down.
    def asymmetric(count, seed, size=64):
        rng = np.random.default_rng(seed)
        y, x = np.mgrid[0:size, 0:size] / size
        masks = np.zeros((count, size, size), np.uint8)
        for index in range(count):
            for centre, width, height in ((0.3, rng.uniform(0.13, 0.16), rng.uniform(0.34, 0.38)),
                                          (0.72, rng.uniform(0.08, 0.10), rng.uniform(0.22, 0.26))):
                lung = (((x - centre) / width) ** 2 + ((y - 0.5) / height) ** 2 < 1) & (y < 0.5 + 0.5 * height)
                masks[index] |= lung.astype(np.uint8) * 255
        return masks
    reference, generated = asymmetric(40, seed=1), asymmetric(14, seed=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ganfilter.ReferenceFilter(reference).decide(generated)
    assert not [w for w in caught if "turned" in str(w.message)]
    # Each of the seven ways a stack can lie turned, made with NumPy: the note names the way, and the call it gives
    # turns the stack back to the masks as drawn.
    lying = {
        "mirrored left to right": generated[:, :, ::-1],
        "upside down": generated[:, ::-1, :],
        "turned by 180 degrees": np.rot90(generated, 2, axes=(1, 2)),
        "transposed": np.swapaxes(generated, 1, 2),
        "mirrored across the other diagonal": np.swapaxes(generated, 1, 2)[:, ::-1, ::-1],
        "turned by a quarter clockwise": np.rot90(generated, -1, axes=(1, 2)),
        "turned by a quarter counterclockwise": np.rot90(generated, 1, axes=(1, 2)),
    }
    for way, masks in lying.items():
        with pytest.warns(ganfilter.Note, match=r"14 of the 14 masks scored turned as well match the real masks better by realism_boundary "
                                                + re.escape(way)) as record:
            ganfilter.ReferenceFilter(reference).decide(np.ascontiguousarray(masks))
        said = [str(w.message) for w in record if "scored turned" in str(w.message)]
        fix = re.search(r"turn one set back \((.*)\)$", said[0]).group(1)
        assert np.array_equal(eval(fix, {"np": np, "masks": masks}), generated), (way, fix)


def test_the_label_free_filter_decides_as_the_command_line_does(tmp_path):
    real, generated = lungs(60, seed=1, size=128), lungs(12, seed=2, size=128)
    erased = generated.copy()
    erased[:, :, 64:] = 0  # the right lung gone
    masks = np.concatenate([generated, erased])
    os.mkdir(tmp_path / "real")
    for index, mask in enumerate(real):
        write_png(str(tmp_path / "real" / f"r{index:02d}.png"), mask)
    paths = []
    for index, mask in enumerate(masks):
        paths.append(str(tmp_path / f"m{index:02d}.png"))
        write_png(paths[-1], mask)
    run = cli("filter", *paths, "--reference", str(tmp_path / "real"), "-o", str(tmp_path / "d.csv"))
    assert run.returncode == 0, run.stderr
    rows = {row["file"]: row for row in read_csv(tmp_path / "d.csv")}
    expected = np.array([float(rows[p]["probability"]) for p in paths])

    accepted, score = ganfilter.ReferenceFilter(real).decide(masks)
    np.testing.assert_array_equal(score, expected)
    assert list(accepted) == [rows[p]["decision"] == "accept" for p in paths]
    assert accepted[:12].mean() >= 0.75 and not accepted[12:].any()  # most held-out lungs pass, none with a lung erased
    by_folder, score_folder = ganfilter.ReferenceFilter(tmp_path / "real", cache=tmp_path / "cache").decide(list(reversed(paths)))
    np.testing.assert_array_equal(score_folder, expected[::-1])
    assert os.listdir(tmp_path / "cache")
    everything, _ = ganfilter.ReferenceFilter(real, quantile=0.5, anatomy_gate=False).decide(masks)
    assert everything.sum() <= accepted.sum()
    # A threshold chosen on the score (the report's trade-off charts) accepts exactly the masks scoring at least it.
    cut = float(np.median(expected[:12]))
    chosen, chosen_score = ganfilter.ReferenceFilter(real, accept_threshold=cut, anatomy_gate=False).decide(masks)
    np.testing.assert_array_equal(chosen_score, expected)
    assert list(chosen) == [bool(value >= cut) for value in expected] and 0 < chosen.sum() < len(masks)
    with pytest.raises(ganfilter.Error):  # the tool's rule: a quantile or a threshold, not both
        ganfilter.ReferenceFilter(real, quantile=0.1, accept_threshold=cut).decide(masks)
    # Masks of twice the reference's size are compared resized to it.
    larger, _ = ganfilter.ReferenceFilter(real).decide(masks.repeat(2, axis=1).repeat(2, axis=2))
    np.testing.assert_array_equal(larger, accepted)
    with pytest.raises(ganfilter.Error):
        ganfilter.ReferenceFilter(tmp_path / "no-such-folder")


def test_prefilter_screens_and_samples_as_the_command_line_does(models, tmp_path):
    prefilter = ganfilter.Prefilter(models / "prefilter.json")
    z = np.random.default_rng(0).uniform(-1, 1, size=(500, 8)).astype(np.float32)
    np.save(tmp_path / "z.npy", z)
    run = cli("latent", "screen", "--model", str(models / "prefilter.json"), "--group", "18_24m", "--vectors", str(tmp_path / "z.npy"),
              "--indices", str(tmp_path / "kept.txt"))
    assert run.returncode == 0, run.stderr
    kept = [int(line) for line in open(tmp_path / "kept.txt") if line.strip()]
    keep = prefilter.screen(z, group="18_24m")
    assert keep.dtype == bool and list(np.flatnonzero(keep)) == kept
    assert 0 < keep.sum() < len(z)
    np.testing.assert_array_equal(prefilter.screen(z[:, :, None, None], group="18_24m"), keep)  # a DCGAN's N x d x 1 x 1
    sample = prefilter.sample(200, group="18_24m", seed=3)
    assert sample.dtype == np.float32 and sample.shape == (200, 8)
    assert prefilter.screen(sample, group="18_24m").all()
    np.testing.assert_array_equal(sample, prefilter.sample(200, group="18_24m", seed=3))


def uneven_lungs(count, seed, size=64):
    """`count` pairs of elliptic lungs whose heights are drawn apart, and whether each pair is good by a rule of
    the test's own: the shorter lung at least 85% of the taller's height."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    masks = np.zeros((count, size, size), np.uint8)
    good = np.zeros(count, bool)
    for index in range(count):
        heights = rng.uniform(0.22, 0.38, size=2)
        width, gap = rng.uniform(0.12, 0.15), rng.uniform(0.05, 0.08)
        for side, height in zip((-1, 1), heights):
            centre = 0.5 + side * (gap + width)
            masks[index] |= ((((x - centre) / width) ** 2 + ((y - 0.5) / height) ** 2) < 1).astype(np.uint8) * 255
        good[index] = heights.min() >= 0.85 * heights.max()
    return masks, good


def write_labels(path, rows):
    with open(path, "w") as handle:
        handle.write("file,label\n" + "".join(f"{name},{'good' if label else 'bad'}\n" for name, label in rows))


def test_what_the_tool_notes_comes_as_a_warning():
    real, generated = lungs(30, seed=1, size=128), lungs(6, seed=2, size=128)
    with pytest.warns(ganfilter.Note, match="a quantile of 30 reference masks, fewer than 100") as noted:
        ganfilter.ReferenceFilter(real).decide(generated)
    assert noted[0].filename == __file__  # the warning points at the call
    with pytest.warns(ganfilter.Note, match="reach all four edges of the image"):
        ganfilter.features(generated, reference=255 - real)  # the reference drawn inverted
    with pytest.warns(ganfilter.Note, match="lie wholly on one side"):
        ganfilter.features(generated, reference=np.where(np.arange(128) < 64, real, 0).astype(np.uint8))  # left lungs
    with warnings.catch_warnings():
        warnings.simplefilter("error", ganfilter.Note)
        ganfilter.features(generated, reference=real)  # nothing to note


def test_suggested_labels_are_the_command_lines_by_position(tmp_path):
    masks, good = uneven_lungs(160, seed=3)
    real = lungs(40, seed=4)
    np.save(tmp_path / "masks.npy", masks)
    np.save(tmp_path / "reference.npy", real)
    assert cli("features", "masks.npy", "--set", "all", "--reference", "reference.npy", "-o", "f.csv", cwd=tmp_path).returncode == 0

    first = ganfilter.suggest_labels(masks, 12, reference=real, seed=5, page=tmp_path / "page")
    assert cli("label", "suggest", "--features", "f.csv", "--count", "12", "--seed", "5", "-o", "s1.csv", cwd=tmp_path).returncode == 0
    expected = read_csv(tmp_path / "s1.csv")
    assert list(first["index"]) == [int(row["file"][len("masks.npy["):-1]) for row in expected]
    assert list(first["reason"]) == [row["reason"] for row in expected]
    np.testing.assert_array_equal(first["score"], [float(row["score"]) for row in expected])
    page = (tmp_path / "page" / "index.html").read_text()
    assert all(f'{_stack_name(masks)}[{i}]' in page for i in first["index"])
    assert page.count("data:image/png") == 12 + 8  # the masks read from the saved stack, and 8 references

    labels = {int(i): bool(good[i]) for i in first["index"]}
    second = ganfilter.suggest_labels(masks, 12, labels=labels, reference=real, seed=5)
    write_labels(tmp_path / "l1.csv", [(f"masks.npy[{i}]", label) for i, label in labels.items()])
    assert cli("label", "suggest", "--features", "f.csv", "--labels", "l1.csv", "--count", "12", "--seed", "5", "-o", "s2.csv",
               cwd=tmp_path).returncode == 0
    assert list(second["index"]) == [int(row["file"][len("masks.npy["):-1]) for row in read_csv(tmp_path / "s2.csv")]
    assert not set(second["index"]) & set(labels)
    # Labels as a sequence, None for the unlabelled, are the same labels.
    sequence = [bool(good[i]) if i in labels else None for i in range(len(masks))]
    assert list(ganfilter.suggest_labels(masks, 12, labels=sequence, reference=real, seed=5)["index"]) == list(second["index"])
    as_floats = np.array([float(good[i]) if i in labels else np.nan for i in range(len(masks))])  # 1.0/0.0, NaN unlabelled
    assert list(ganfilter.suggest_labels(masks, 12, labels=as_floats, reference=real, seed=5)["index"]) == list(second["index"])
    as_dict = dict(enumerate(as_floats))  # what a Series' to_dict() gives: NaN for the unlabelled
    assert list(ganfilter.suggest_labels(masks, 12, labels=as_dict, reference=real, seed=5)["index"]) == list(second["index"])
    try:
        import pandas
    except ImportError:
        return
    # A pandas Series joins by its index, as pandas does: sorted by label, or holding only the labelled masks, each
    # label stays with its mask; pandas.NA marks the unlabelled in a nullable column.
    column = pandas.Series(sequence, dtype="boolean")
    for series in (column, column.sort_values(), column.dropna(), pandas.Series(labels).sort_index(ascending=False)):
        assert list(ganfilter.suggest_labels(masks, 12, labels=series, reference=real, seed=5)["index"]) == list(second["index"])


def test_a_table_of_paths_and_labels_joins_on_its_index(tmp_path):
    pandas = pytest.importorskip("pandas")
    masks, good = uneven_lungs(120, seed=9)
    real = lungs(40, seed=10)
    paths = []
    for index, mask in enumerate(masks):
        paths.append(str(tmp_path / f"g{index:03d}.png"))
        write_png(paths[-1], mask)
    asked = np.random.default_rng(11).choice(len(masks), size=20, replace=False)
    by_position = {int(i): bool(good[i]) for i in asked}
    expected = list(ganfilter.suggest_labels(paths, 10, labels=by_position, reference=real, seed=2)["index"])
    # A table as a user keeps it: rows in another order under an index of their own, half of them unlabelled. Its
    # label column joins its file column on the index, sorted or filtered; positions stay those of the file column.
    order = np.random.default_rng(12).permutation(len(masks))
    table = pandas.DataFrame({"file": [paths[i] for i in order],
                              "label": [("good" if good[i] else "bad") if i in by_position else None for i in order]},
                             index=1000 + np.random.default_rng(13).permutation(len(masks)))
    in_table = {position: order[position] for position in range(len(masks))}
    for labels in (table["label"], table["label"].dropna().sort_values()):
        picks = ganfilter.suggest_labels(table["file"], 10, labels=labels, reference=real, seed=2)["index"]
        assert [in_table[p] for p in picks] == expected
    with pytest.raises(ValueError, match="labels' index holds 5"):
        ganfilter.suggest_labels(table["file"], 10, labels=pandas.Series(["good"], index=[5]), reference=real)


def test_a_filter_trained_on_an_array_is_the_command_lines(tmp_path):
    masks, good = uneven_lungs(160, seed=6)
    real = lungs(40, seed=7)
    np.save(tmp_path / "masks.npy", masks)
    np.save(tmp_path / "reference.npy", real)
    labelled = np.random.default_rng(8).choice(len(masks), size=60, replace=False)
    labels = {int(i): bool(good[i]) for i in labelled}
    trained = ganfilter.MaskFilter.train(masks, labels, tmp_path / "api.json", reference=real)
    assert "model written to" in trained.summary and "60 labelled masks, fewer than 100" in trained.summary

    write_labels(tmp_path / "labels.csv", [(f"masks.npy[{i}]", label) for i, label in labels.items()])
    for args in (["features", "masks.npy", "--set", "all", "--reference", "reference.npy", "-o", "f.csv"],
                 ["train", "--features", "f.csv", "--labels", "labels.csv", "-o", "cli.json"],
                 ["filter", "masks.npy", "--model", "cli.json", "--reference", "reference.npy", "-o", "d.csv"]):
        assert cli(*args, cwd=tmp_path).returncode in (0, 1), args
    accepted, probability = trained.decide(masks, reference=real)
    decisions = read_csv(tmp_path / "d.csv")
    np.testing.assert_array_equal(probability, [float(row["probability"]) for row in decisions])
    assert list(accepted) == [row["decision"] == "accept" for row in decisions]
    unlabelled = np.setdiff1d(np.arange(len(masks)), labelled)
    assert probability[unlabelled][good[unlabelled]].mean() > probability[unlabelled][~good[unlabelled]].mean()

    # Trained against an archive's array, the model records it, and decides from the archive unnamed, with a note.
    np.savez(tmp_path / "dataset.npz", images=255 - real, masks=real)
    archived = ganfilter.MaskFilter.train(masks, labels, tmp_path / "npz.json", reference=tmp_path / "dataset.npz",
                                          reference_member="masks")
    with pytest.warns(ganfilter.Note, match="reading array masks of .*dataset.npz, the array the model records"):
        unnamed = archived.decide(masks, reference=tmp_path / "dataset.npz")
    np.testing.assert_array_equal(unnamed[1], archived.decide(masks, reference=real)[1])
    np.testing.assert_array_equal(unnamed[1], probability)


def test_the_pages_labels_come_back_by_position_and_only_to_their_masks(tmp_path):
    masks, _ = uneven_lungs(20, seed=11)
    stack = _stack_name(masks)
    assert stack == _stack_name(masks.copy()) and stack != _stack_name(masks[::-1]) and stack != _stack_name(masks > 0)
    (tmp_path / "page.csv").write_text(f'file,label\n{stack}[3],good\n"{stack}[7]",BAD\n{stack}[12],1\n')
    assert ganfilter.read_labels(tmp_path / "page.csv") == {3: True, 7: False, 12: True}
    # pandas writes a column of 1s and 0s with a missing value among them as 1.0 and 0.0, which train reads too
    (tmp_path / "floats.csv").write_text(f"file,label\n{stack}[3],1.0\n{stack}[7],0.0\n")
    assert ganfilter.read_labels(tmp_path / "floats.csv") == {3: True, 7: False}
    assert ganfilter.read_labels(tmp_path / "page.csv", masks=masks) == {3: True, 7: False, 12: True}
    for other in (masks[::-1], uneven_lungs(20, seed=12)[0]):  # the batch shuffled, or drawn again
        with pytest.raises(ValueError, match="page.csv:2: .* other masks"):
            ganfilter.read_labels(tmp_path / "page.csv", masks=other)
    files = [str(tmp_path / f"m{i}.png") for i in range(3)]
    (tmp_path / "paths.csv").write_text(f"file,label\n{files[2]},bad\n{files[0]},good\n")
    assert ganfilter.read_labels(tmp_path / "paths.csv", masks=files) == {2: False, 0: True}
    (tmp_path / "unknown.csv").write_text(f"file,label\n{stack}[3],good\nother.png,bad\n")
    with pytest.raises(ValueError, match="unknown.csv:3"):
        ganfilter.read_labels(tmp_path / "unknown.csv")
    (tmp_path / "twice.csv").write_text(f"file,label\n{stack}[3],good\n{stack}[3],good\n{stack}[3],bad\n")
    with pytest.raises(ValueError, match="twice.csv:4.*both good and bad"):
        ganfilter.read_labels(tmp_path / "twice.csv")
    (tmp_path / "nul.csv").write_text(f"file,label\n{stack}[3],good\n{stack}[4]\0,bad\n")
    with pytest.raises(ValueError, match="nul.csv:3"):
        ganfilter.read_labels(tmp_path / "nul.csv")
    (tmp_path / "latin.csv").write_bytes(f"file,label\n{stack}[3],good\n".encode() + b"caf\xe9.png,bad\n")
    with pytest.raises(ValueError, match="latin.csv: not UTF-8"):
        ganfilter.read_labels(tmp_path / "latin.csv")
    (tmp_path / "word.csv").write_text(f"file,label\n{stack}[3],maybe\n")
    with pytest.raises(ValueError, match="word.csv:2"):
        ganfilter.read_labels(tmp_path / "word.csv")


def test_labels_that_cannot_be_joined_are_refused(tmp_path):
    masks, good = uneven_lungs(30, seed=9)
    for labels, message in (({30: True}, "no position"), ({-1: True}, "no position"), ([True] * 29, "29 entries for 30"),
                            ({0: "maybe"}, "none of"), ({}, "no label")):
        with pytest.raises(ValueError, match=message):
            ganfilter.MaskFilter.train(masks, labels, tmp_path / "m.json")
    with pytest.raises(ganfilter.Error) as one_class:
        ganfilter.MaskFilter.train(masks, {i: True for i in range(20)}, tmp_path / "m.json")
    assert one_class.value.status == 2 and not (tmp_path / "m.json").exists()
    with pytest.raises(ValueError, match="folder"):
        ganfilter.suggest_labels([str(tmp_path)], 3)
    np.save(tmp_path / "masks.npy", masks)  # one path, many masks: no position a label could name
    for call in (lambda: ganfilter.suggest_labels([str(tmp_path / "masks.npy")], 3),
                 lambda: ganfilter.MaskFilter.train([str(tmp_path / "masks.npy")], {0: True}, tmp_path / "m.json")):
        with pytest.raises(ValueError, match=r"stack of masks, .*masks.npy: pass its array"):
            call()
    files = []
    for index, mask in enumerate(masks):
        files.append(str(tmp_path / f"m{index:02d}.png"))
        write_png(files[-1], mask)
    before = open(files[0], "rb").read()
    with pytest.raises(ValueError, match="one of the inputs"):
        ganfilter.MaskFilter.train(files, dict(enumerate(good)), files[0])
    assert open(files[0], "rb").read() == before
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(ValueError, match="not a regular file"):
        ganfilter.MaskFilter.train(masks, dict(enumerate(good)), tmp_path / "fifo")


def test_errors_carry_the_tools_message_and_status(grey, models):
    with pytest.raises(ganfilter.Error) as usage:
        ganfilter.run(["features", "x.png", "--no-such-option"])
    assert usage.value.status == 64 and "no-such-option" in usage.value.message
    with pytest.raises(ganfilter.Error) as strategy:
        ganfilter.MaskFilter(models / "model.json").decide(grey, strategy="not-a-strategy")
    assert strategy.value.status == 64 and "not-a-strategy" in strategy.value.message
    # A call's error names the call's arguments, not the command line's options, files or usage.
    prefilter = ganfilter.Prefilter(models / "prefilter.json")
    calls = [(lambda: prefilter.screen(np.zeros((3, 5)), group="18_24m"), r"^z has 5 dimensions; the model was trained on 8$"),
             (lambda: prefilter.screen(np.zeros((3, 8)), group="nope"), r"^group: the model has no group 'nope'"),
             (lambda: prefilter.sample(0, group="18_24m"), r"^n must be at least 1$"),
             (lambda: ganfilter.ReferenceFilter(grey[:3], quantile=2).decide(grey), r"^quantile must be in \[0, 1\]"),
             (lambda: ganfilter.features(grey, jobs=0), r"^jobs must be at least 1"),
             (lambda: ganfilter.MaskFilter(models / "model.json").decide(grey, strategy="x"), r"^The value 'x' is invalid for 'strategy'")]
    for call, words in calls:
        with pytest.raises(ganfilter.Error) as refused:
            call()
        assert refused.value.status == 64 and re.search(words, refused.value.message), refused.value.message
        assert not re.search(r"--|Usage|\.npy|help", refused.value.message), refused.value.message
    with pytest.raises(ValueError):
        ganfilter.features(np.zeros((2, 3, 4, 5)))
    # Masks of several channels (one lung a channel, one-hot classes) say how to make one mask of both lungs, and
    # that call gives the features of the masks they came from.
    lungs = grey >= 128
    left, right = lungs.copy(), lungs.copy()
    left[..., lungs.shape[2] // 2:] = False
    right[..., :lungs.shape[2] // 2] = False
    channels = np.stack([~lungs, left, right], axis=1)
    with pytest.raises(ValueError, match=r"3 channels \(axis 1\).*masks\[:, 1:\]\.max\(axis=1\)"):
        ganfilter.features(channels)
    with pytest.raises(ValueError, match=r"2 channels \(axis -1\).*masks\.max\(axis=-1\)"):
        ganfilter.features(np.stack([left, right], axis=-1))
    np.testing.assert_array_equal(ganfilter.features(channels[:, 1:].max(axis=1))["iou"], ganfilter.features(lungs)["iou"])
    np.testing.assert_array_equal(ganfilter.features(channels.argmax(axis=1) > 0)["iou"], ganfilter.features(lungs)["iou"])
    # Integer masks of values other than grey levels say what to pass instead, and that gives the same masks: 16-bit
    # grey, and labels such as -1 for the background or instance ids.
    sixteen = (grey.astype(np.uint16) << 8) | grey
    with pytest.raises(ValueError, match=r"\(masks >> 8\)\.astype\(np\.uint8\)"):
        ganfilter.features(sixteen)
    np.testing.assert_array_equal(ganfilter.features((sixteen >> 8).astype(np.uint8))["iou"], ganfilter.features(grey)["iou"])
    labels = np.where(lungs, 1000, -1)
    with pytest.raises(ValueError, match=r"masks > 0 for every labelled pixel"):
        ganfilter.features(labels)
    np.testing.assert_array_equal(ganfilter.features(labels > 0)["iou"], ganfilter.features(lungs)["iou"])
    for shape in [(0, 64, 64), (2, 0, 64)]:
        with pytest.raises(ValueError, match="no masks"):
            ganfilter.features(np.zeros(shape, np.uint8))
    with pytest.raises(ganfilter.Error) as single:
        ganfilter.features(grey, set="all", reference=grey[:1])
    assert single.value.status == 64 and "needs at least 2" in single.value.message
    # The message names what was passed, not the private folder the array was saved in.
    assert "the reference array holds one mask" in single.value.message and "ganfilter-" not in single.value.message
    # A reference array with masks that cannot serve names each by its position, all at once.
    holes = grey[:5].copy()
    holes[[1, 3]] = 0
    with pytest.raises(ganfilter.Error) as empty:
        ganfilter.features(grey, set="all", reference=holes)
    assert ("2 of the 5 reference masks cannot serve" in empty.value.message
            and "the reference array[1] is an empty mask; the reference array[3] is an empty mask" in empty.value.message), empty.value.message
    height, width = grey.shape[1:]
    with pytest.raises(ValueError, match=rf"different shapes \(\({height}, {width}\) at 0, \({height}, {width - 1}\) at 2\)"):
        ganfilter.features([grey[0], grey[1], grey[2][:, 1:]])


def test_a_refused_call_leaves_no_pipe_open(grey, monkeypatch):
    # An array the API refuses is refused before the tool starts; a tool that stops reading (a bad option) has its
    # pipe closed. Either way no file descriptor is left open.
    started = []
    popen = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *args, **kwargs: started.append(args) or popen(*args, **kwargs))
    gc.collect()
    descriptors = set(os.listdir("/proc/self/fd"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # the count below is the check
        with pytest.raises(ValueError, match="grey levels 0-255"):
            ganfilter.features(grey.astype(np.int64) - 1)
        assert started == []
        with pytest.raises(ganfilter.Error) as usage:
            ganfilter.features(np.zeros((500, 256, 256), np.uint8), set="no-such-set")
        assert usage.value.status == 64 and len(started) == 1
        left = set(os.listdir("/proc/self/fd")) - descriptors
    assert left == set(), f"descriptors left open: {[os.readlink(f'/proc/self/fd/{d}') for d in left if os.path.exists(f'/proc/self/fd/{d}')]}"


def test_unreadable_masks_are_rows_that_say_why(grey):
    probability = (grey / 255).astype(np.float32)
    probability[2, 4, 9] = np.nan
    with pytest.warns(ganfilter.Note, match=r"1 of 7 masks could not be read \(masks\[2\]: holds NaN"):
        table = ganfilter.features(probability)
    assert list(table["status"]).count("error") == 1 and "NaN" in table["error"][2]


def test_unreadable_masks_are_noted_where_the_result_cannot_say_why(grey, models, tmp_path):
    # decide returns only (accepted, probability): grey levels saved as floats are rejections and NaNs there, and
    # the note is what says why. train and suggest_labels go on without the unreadable masks, and say so.
    masks, good = uneven_lungs(60, seed=12)
    grey_floats = masks.astype(np.float32)  # 0-255, not probabilities
    with pytest.warns(ganfilter.Note, match=r"60 of 60 masks could not be read and none of them is accepted \(masks\[0\]: holds 255.0.*grey levels 0-255"):
        accepted, probability = ganfilter.ReferenceFilter(lungs(12, seed=0)).decide(grey_floats)
    assert not accepted.any() and np.isnan(probability).all()
    with pytest.warns(ganfilter.Note, match=r"1 of 7 masks could not be read and none"):
        ganfilter.MaskFilter(models / "model.json").decide(np.where(np.arange(7)[:, None, None] == 2, np.nan, grey / 255))
    probabilities = (masks / 255).astype(np.float32)
    probabilities[4, 0, 0] = np.nan
    with pytest.warns(ganfilter.Note) as noted:
        trained = ganfilter.MaskFilter.train(probabilities, dict(enumerate(good[:30])), tmp_path / "m.json")
    said = [str(note.message) for note in noted]
    assert any(re.search(r"1 of 60 masks could not be read \(masks-[0-9a-f]+\.npy\[4\]: holds NaN", text) for text in said), said
    assert any(re.search(r"1 of 30 labelled masks could not be read and were left out \(masks-[0-9a-f]+\.npy\[4\]\); the model learned "
                         r"from the other 29", text) for text in said), said
    assert os.path.isfile(trained.path)
    with pytest.warns(ganfilter.Note, match=r"1 of 60 masks could not be read"):
        picks = ganfilter.suggest_labels(probabilities, 59)
    assert sorted(picks["index"]) == [i for i in range(60) if i != 4]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ganfilter.Note)
        ganfilter.features(masks)  # all readable: nothing to note


def test_a_vector_that_cannot_be_screened_is_never_kept_and_noted(models):
    prefilter = ganfilter.Prefilter(models / "prefilter.json")
    z = np.random.default_rng(3).uniform(-1, 1, size=(40, 8))
    kept = prefilter.screen(z, group="18_24m")
    z[[3, 17], 2] = [np.nan, np.inf]
    with pytest.warns(ganfilter.Note, match=r"2 of 40 vectors are never kept, rows 3, 17 \(holds NaN"):
        broken = prefilter.screen(z, group="18_24m")
    assert not broken[[3, 17]].any() and (np.delete(broken, [3, 17]) == np.delete(kept, [3, 17])).all()
    with pytest.warns(ganfilter.Note, match=r"3 of 3 vectors are never kept, rows 0, 1, 2 \(holds NaN"):
        none = prefilter.screen(np.full((3, 8), np.nan), group="18_24m")  # the tool's status 2: still an answer
    assert none.dtype == bool and not none.any()
    with pytest.raises(ValueError, match="no vectors"):
        prefilter.screen(z[:0], group="18_24m")
    with pytest.raises(TypeError):
        prefilter.sample(2.5, group="18_24m")


@pytest.mark.parametrize("given", [None, {"masks": 1}, "generator"])
def test_what_is_no_array_is_refused_by_its_type(given, models):
    masks = (np.zeros((64, 64), np.uint8) for _ in range(2)) if given == "generator" else given
    with pytest.raises(TypeError, match="masks must be an N x H x W array of masks.*, not " + type(masks).__name__):
        ganfilter.features(masks)
    vectors = (np.zeros(8) for _ in range(2)) if given == "generator" else given
    with pytest.raises(TypeError, match="z must be an N x d array of vectors, not " + type(vectors).__name__):
        ganfilter.Prefilter(models / "prefilter.json").screen(vectors, group="18_24m")


def test_arrays_never_touch_the_working_folder(grey, models, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ganfilter.features(grey, reference=grey[:2])
    ganfilter.MaskFilter(models / "model.json").decide(grey)
    ganfilter.ReferenceFilter(lungs(5, seed=0)).decide(lungs(3, seed=1))
    ganfilter.Prefilter(models / "prefilter.json").sample(5, group="18_24m")
    masks, good = uneven_lungs(40, seed=10)
    ganfilter.suggest_labels(masks, 5, reference=lungs(5, seed=0))
    ganfilter.MaskFilter.train(masks, dict(enumerate(good[:30])), tmp_path.parent / f"{tmp_path.name}-model.json")
    assert os.listdir(tmp_path) == []


def test_a_data_frame_when_asked(grey):
    pandas = pytest.importorskip("pandas")
    frame = ganfilter.features(grey, as_frame=True)
    assert isinstance(frame, pandas.DataFrame) and list(frame["index"]) == list(range(7))


def test_the_installed_binary_needs_no_swift_runtime():
    binary = ganfilter.executable()
    linked = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    assert "libswift" not in linked and "libFoundation" not in linked and "swift" not in linked.lower(), linked
    assert "libpng" not in linked and "libz." not in linked, linked


def test_tables_named_gz_are_compressed_as_pandas_reads_them(pngs, models, tmp_path):
    pandas = pytest.importorskip("pandas")
    folder = os.path.dirname(pngs[0])
    for name in ("features.csv", "features.csv.gz"):
        ganfilter.run(["features", folder, "-o", str(tmp_path / name)])
    for name in ("decisions.csv", "decisions.csv.gz"):
        ganfilter.run(["filter", "--features", str(tmp_path / "features.csv"), "--model", str(models / "model.json"),
                       "-o", str(tmp_path / name)])
    for plain in ("features.csv", "decisions.csv"):
        with open(tmp_path / (plain + ".gz"), "rb") as handle:
            assert handle.read(2) == b"\x1f\x8b"
        expected = pandas.read_csv(tmp_path / plain)
        pandas.testing.assert_frame_equal(pandas.read_csv(tmp_path / (plain + ".gz")), expected)
        assert len(expected) == len(pngs)
    ganfilter.run(["features", folder, "-o", str(tmp_path / "features.jsonl")])
    lines = pandas.read_json(tmp_path / "features.jsonl", lines=True)
    assert list(lines["file"]) == list(pandas.read_csv(tmp_path / "features.csv")["file"])
