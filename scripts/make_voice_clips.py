"""Makes the voice clips of tests/data/voice again, and their list clips.toml.

The clips stand in for runners' voice notes: rep reports said by synthesised voices
(flite's four English voices and espeak-ng's Klatt voices, at several speeds, some with
noise underneath), and what is no report: silence, a blip, noise, music-like tones,
German and Russian speech, an English question. Each is written as Telegram writes voice
notes: OGG/Opus, mono, 48 kHz.

espeak-ng's formant voices say "each" so that the US English model hears "eight" (its
phone loop hears "EY D"), "sixteen" as "sixty", and "thirty," before a pause as "thirty
eight" (the flapped "-ty" is heard "DH EY"), and their "left" before a pause often as
"two" or "thirty"; flite's voices are heard right. So the espeak-ng clips say the other
report shapes, and "each" and "left" are said by flite's voices.

Needs the speech synthesisers, which the bot and the tests do not (the tests only read
the committed clips)::

    sudo apt-get install -y espeak-ng flite
    .venv/bin/python -m scripts.make_voice_clips

The noise and the tones come from a fixed random seed, so a run gives the same clips
(up to the synthesisers' versions).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile  # type: ignore[import-untyped]

from bot.speech import resample

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "data" / "voice"
RATE = 48_000  # Telegram's voice notes
# libsndfile's Opus compression level (0 best .. 1 smallest): about 32 kbit/s, like
# Telegram's voice notes.
QUALITY = 0.9


@dataclass(frozen=True)
class Report:
    """A clip of a report: what is said, what the synthesiser reads (``spoken``, when
    the words need help: "vipr" is said "viper"), the voice, and what it should give."""

    name: str
    said: str
    voice: str  # "flite:<voice>" or "espeak:<voice>"
    exercise: str = ""
    left: tuple[int, ...] = ()
    right: tuple[int, ...] = ()
    both: tuple[int, ...] = ()
    spoken: str = ""
    speed: float = 1.0  # > 1 is faster
    noise_snr: float | None = None  # white noise this many dB below the speech
    extra: dict[str, str] = field(default_factory=dict)


REPORTS = (
    Report("left12_right15_kal", "left twelve right fifteen", "flite:kal16", "", (12,), (15,)),
    Report(
        "vipr_left8_right11_awb",
        "vipr hops left eight right eleven",
        "flite:awb",
        "single_leg_hops_forward_back",
        (8,),
        (11,),
        spoken="viper hops, left eight, right eleven",
    ),
    Report("twelve_each_slt", "twelve each", "flite:slt", "", (12,), (12,)),
    Report(
        "humps_l10x2_r12x2_rms",
        "hamstring humps left ten ten right twelve twelve",
        "flite:rms",
        "hamstring_humps",
        (10, 10),
        (12, 12),
        spoken="hamstring humps, left ten, ten, right twelve, twelve",
    ),
    Report(
        "rxx_l6x2_r6x2_kal",
        "rxx clean left six six right six six",
        "flite:kal16",
        "rxx_clean",
        (6, 6),
        (6, 6),
        spoken="R X X clean, left six, six, right six, six",
        speed=1.1,
    ),
    Report("ten_per_leg_awb", "ten per leg", "flite:awb", "", (10,), (10,)),
    Report(
        "nordics_5_5_slt",
        "nordics five five",
        "flite:slt",
        "nordic_hamstring_curl",
        both=(5, 5),
        spoken="nordics, five, five",
    ),
    Report(
        "hops_20_20_rms",
        "hamstring hops twenty twenty",
        "flite:rms",
        "hamstring_hops",
        both=(20, 20),
        spoken="hamstring hops, twenty, twenty",
    ),
    Report(
        "ball_curl_8_each_kal",
        "swiss ball curl eight each",
        "flite:kal16",
        "swiss_ball_hamstring_curl",
        (8,),
        (8,),
        speed=0.9,
    ),
    Report(
        "right9_left11_slt",
        "right nine and left eleven",
        "flite:slt",
        "",
        (11,),
        (9,),
        speed=0.85,
    ),
    Report("three_sets_of_ten_awb", "three sets of ten", "flite:awb", "", both=(10, 10, 10)),
    Report(
        "lunges_10_each_leg_rms",
        "lunges ten each leg",
        "flite:rms",
        "medicine_ball_lunge",
        (10,),
        (10,),
        speed=1.15,
    ),
    Report(
        "sl_rdl_l8_r7_slt",
        "single leg rdl left eight right seven",
        "flite:slt",
        "single_leg_rdl_reach",
        (8,),
        (7,),
        spoken="single leg R D L, left eight, right seven",
    ),
    Report(
        "side_hops_l14_r16_kal",
        "side to side hops left fourteen right sixteen",
        "flite:kal16",
        "single_leg_hops_side_to_side",
        (14,),
        (16,),
    ),
    Report("dozen_each_awb", "a dozen each", "flite:awb", "", (12,), (12,), speed=0.9),
    Report(
        "twenty_five_per_leg_klatt3",
        "twenty five per leg",
        "espeak:en-us+klatt3",
        "",
        (25,),
        (25,),
    ),
    Report(
        "eleven_per_leg_klatt2",
        "eleven per leg",
        "espeak:en-us+klatt2",
        "",
        (11,),
        (11,),
        speed=0.93,
    ),
    Report(
        "shoulder_hops_6_each_rms",
        "over the shoulder hops six each",
        "flite:rms",
        "single_leg_hops_over_shoulder",
        (6,),
        (6,),
    ),
    Report(
        "glute_bridge_15_15_slt",
        "glute bridge fifteen fifteen",
        "flite:slt",
        "hip_bridge_90",
        both=(15, 15),
        spoken="glute bridge, fifteen, fifteen",
        speed=1.1,
    ),
    Report(
        "left12_right15_klatt_noise",
        "left twelve right fifteen",
        "espeak:en-us+klatt",
        "",
        (12,),
        (15,),
        noise_snr=20,
    ),
    Report("twelve_each_kal_noise", "twelve each", "flite:kal16", "", (12,), (12,), noise_snr=15),
    Report(
        "hops_20_20_f2",
        "hamstring hops twenty twenty",
        "espeak:en-us+f2",
        "hamstring_hops",
        both=(20, 20),
        spoken="hamstring hops, twenty, twenty",
        speed=0.93,
    ),
    Report(
        "lunges_10x3_rp_klatt2",
        "lunges ten ten ten",
        "espeak:en-gb-x-rp+klatt2",
        "medicine_ball_lunge",
        both=(10, 10, 10),
        spoken="lunges, ten, ten, ten",
        speed=0.93,
    ),
    Report(
        "nordics_4_4_3_rp_klatt2",
        "nordics four four three",
        "espeak:en-gb-x-rp+klatt2",
        "nordic_hamstring_curl",
        both=(4, 4, 3),
        spoken="nordics, four, four, three",
        speed=0.93,
    ),
    Report(
        "db_rdl_10x3_awb",
        "dumbbell rdl ten ten ten",
        "flite:awb",
        "dumbbell_rdl",
        both=(10, 10, 10),
        spoken="dumbbell R D L, ten, ten, ten",
    ),
)


@dataclass(frozen=True)
class Problem:
    """A clip that holds no report: its name, what it is, and the problem it gives."""

    name: str
    what: str
    problem: str
    suffix: str = "ogg"


PROBLEMS = (
    Problem("silence", "two seconds of near silence (a faint hiss)", "silence"),
    Problem("blip", "a 0.15 s click of sound, too short for a report", "silence"),
    Problem("noise", "three seconds of white noise", "unclear"),
    Problem("tones", "four seconds of a melody of chords (sine tones)", "unclear"),
    Problem("beat", "four seconds of a drum-like beat with a bass line", "unclear"),
    Problem(
        "german",
        "espeak-ng de: 'Heute bin ich zehn Kilometer im Park gelaufen, morgen sind es zwölf.'",
        "unclear",
    ),
    Problem(
        "russian",
        "espeak-ng ru: 'Сегодня я пробежал десять километров, завтра отдыхаю.'",
        "unclear",
    ),
    Problem("not_audio", "text bytes, not audio", "unreadable", suffix="bin"),
)


def synthesise(voice: str, text: str, speed: float, folder: Path) -> tuple[np.ndarray, int]:
    engine, name = voice.split(":", 1)
    wav = folder / "out.wav"
    if engine == "flite":
        stretch = f"duration_stretch={1 / speed:.3f}"
        command = ["flite", "-voice", name, "--setf", stretch, "-t", text, "-o", str(wav)]
    else:
        command = ["espeak-ng", "-v", name, "-s", str(round(140 * speed)), "-w", str(wav), text]
    subprocess.run(command, check=True, capture_output=True)
    samples, rate = soundfile.read(wav, dtype="float64")
    return samples, rate


def with_pauses(samples: np.ndarray, rate: int, random: np.random.Generator) -> np.ndarray:
    """Some quiet before and after, as a voice note has (a faint hiss, not digital zero)."""
    before = np.zeros(int(rate * random.uniform(0.2, 0.5)))
    after = np.zeros(int(rate * random.uniform(0.3, 0.6)))
    signal = np.concatenate([before, samples, after])
    return np.asarray(signal + random.normal(0, 10 ** (-70 / 20), len(signal)))


def with_noise(samples: np.ndarray, snr: float, random: np.random.Generator) -> np.ndarray:
    level = float(np.sqrt(np.mean(samples**2)))
    return np.asarray(samples + random.normal(0, level * 10 ** (-snr / 20), len(samples)))


def tones(random: np.random.Generator) -> np.ndarray:
    """A melody of three-note chords, each note with a few harmonics."""
    pieces = []
    for root in random.choice([220.0, 246.9, 261.6, 293.7, 329.6, 349.2, 392.0], size=8):
        t = np.arange(int(RATE * 0.5)) / RATE
        chord = sum(
            np.sin(2 * np.pi * root * ratio * harmonic * t) / harmonic
            for ratio in (1.0, 1.26, 1.5)
            for harmonic in (1, 2, 3)
        )
        pieces.append(chord * np.exp(-2.5 * t))
    signal = np.concatenate(pieces)
    return np.asarray(0.2 * signal / np.max(np.abs(signal)))


def beat(random: np.random.Generator) -> np.ndarray:
    """Kick drum and hi-hat on a 120 bpm grid with a plucked bass line."""
    signal = np.zeros(RATE * 4)
    step = RATE // 4
    for index in range(16):
        start = index * step
        t = np.arange(step) / RATE
        if index % 4 == 0:
            kick = np.sin(2 * np.pi * (50 + 100 * np.exp(-30 * t)) * t) * np.exp(-8 * t)
            signal[start : start + step] += 0.6 * kick
        hat = random.normal(0, 1, step) * np.exp(-60 * t)
        signal[start : start + step] += 0.15 * hat
        note = [55.0, 65.4, 73.4, 82.4][index // 4]
        signal[start : start + step] += 0.3 * np.sign(np.sin(2 * np.pi * note * t)) * np.exp(-6 * t)
    return np.asarray(0.5 * signal / np.max(np.abs(signal)))


def problem_audio(problem: Problem, random: np.random.Generator, folder: Path) -> np.ndarray:
    if problem.name == "silence":
        return np.asarray(random.normal(0, 10 ** (-70 / 20), RATE * 2))
    if problem.name == "blip":
        signal = random.normal(0, 10 ** (-70 / 20), RATE)
        t = np.arange(int(RATE * 0.15)) / RATE
        signal[RATE // 3 : RATE // 3 + len(t)] += 0.3 * np.sin(2 * np.pi * 800 * t)
        return np.asarray(signal)
    if problem.name == "noise":
        return np.asarray(random.normal(0, 0.1, RATE * 3))
    if problem.name == "tones":
        return tones(random)
    if problem.name == "beat":
        return beat(random)
    voice, text = {
        "german": (
            "espeak:de",
            "Heute bin ich zehn Kilometer im Park gelaufen, morgen sind es zwölf.",
        ),
        "russian": ("espeak:ru", "Сегодня я пробежал десять километров, завтра отдыхаю."),
    }[problem.name]
    samples, rate = synthesise(voice, text, 1.0, folder)
    return with_pauses(resample(samples, rate, RATE), RATE, random)


def write(path: Path, samples: np.ndarray) -> None:
    peak = float(np.max(np.abs(samples)))
    if peak > 0.95:
        samples = samples * (0.95 / peak)
    soundfile.write(path, samples, RATE, format="OGG", subtype="OPUS", compression_level=QUALITY)


def toml_list(values: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(value) for value in values) + "]"


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    random = np.random.default_rng(19)
    lines = [
        "# Voice clips for tests/test_speech.py and benchmarks/bench_speech.py, made by",
        "# scripts/make_voice_clips.py (synthesised speech; OGG/Opus, mono, 48 kHz).",
        "# A report clip names what was said and the report it should give: the exercise",
        '# ("" when none is said) and the reps per leg (left/right) or for both legs.',
        "",
    ]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for report in REPORTS:
            samples, rate = synthesise(
                report.voice, report.spoken or report.said, report.speed, folder
            )
            signal = with_pauses(resample(samples, rate, RATE), RATE, random)
            if report.noise_snr is not None:
                signal = with_noise(signal, report.noise_snr, random)
            file = f"{report.name}.ogg"
            write(FOLDER / file, signal)
            lines += [
                "[[report]]",
                f'file = "{file}"',
                f'said = "{report.said}"',
                f'voice = "{report.voice}"'
                + (
                    f"  # with white noise {report.noise_snr:g} dB down" if report.noise_snr else ""
                ),
                f'exercise = "{report.exercise}"',
            ]
            if report.both:
                lines.append(f"both = {toml_list(report.both)}")
            else:
                lines += [f"left = {toml_list(report.left)}", f"right = {toml_list(report.right)}"]
            lines.append("")
        for problem in PROBLEMS:
            file = f"{problem.name}.{problem.suffix}"
            if problem.suffix == "bin":
                (FOLDER / file).write_bytes(b"This is a text file, not a voice note.\n" * 4)
            else:
                write(FOLDER / file, problem_audio(problem, random, folder))
            lines += [
                "[[problem]]",
                f'file = "{file}"',
                f'what = "{problem.what}"',
                f'problem = "{problem.problem}"',
                "",
            ]
    (FOLDER / "clips.toml").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
