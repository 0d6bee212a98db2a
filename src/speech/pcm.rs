//! Sound as numbers: mono PCM at some sample rate, and what is done to it between an
//! engine and the sound device (trimming, pauses, gain without clipping, resampling)
//! plus the generated "your turn" chimes. Pure functions: no device, no thread.

use audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};

/// Mono samples in -1.0..=1.0 at `rate` Hz.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pcm {
    pub samples: Vec<f32>,
    pub rate: u32,
}

/// Below this a sample counts as silence when trimming (about -50 dBFS).
const SILENCE: f32 = 0.003;
/// The loudest a sample may be after shaping, so resampling overshoot never clips.
const PEAK: f32 = 0.89;

impl Pcm {
    pub fn new(samples: Vec<f32>, rate: u32) -> Pcm {
        Pcm { samples, rate }
    }

    pub fn silence(rate: u32, seconds: f32) -> Pcm {
        Pcm::new(vec![0.0; frames(rate, seconds)], rate)
    }

    pub fn seconds(&self) -> f32 {
        if self.rate == 0 {
            return 0.0;
        }
        self.samples.len() as f32 / self.rate as f32
    }

    pub fn peak(&self) -> f32 {
        self.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()))
    }

    pub fn rms(&self) -> f32 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .samples
            .iter()
            .map(|s| f64::from(*s) * f64::from(*s))
            .sum();
        (sum / self.samples.len() as f64).sqrt() as f32
    }

    /// Cuts silence at both ends, keeping `keep` seconds of it before the sound so
    /// the first consonant is not clipped.
    #[must_use]
    pub fn trimmed(mut self, keep: f32) -> Pcm {
        let keep = frames(self.rate, keep);
        let first = self.samples.iter().position(|s| s.abs() > SILENCE);
        let last = self.samples.iter().rposition(|s| s.abs() > SILENCE);
        match (first, last) {
            (Some(first), Some(last)) => {
                let start = first.saturating_sub(keep);
                let end = (last + 1 + keep).min(self.samples.len());
                self.samples.truncate(end);
                self.samples.drain(..start);
            }
            _ => self.samples.clear(),
        }
        self
    }

    /// Seconds of its quiet stretches of 0.1 s or more (below −46 dBFS, in 10 ms
    /// windows): pauses, not the closure of a consonant. For measuring pace.
    #[cfg(test)]
    pub(crate) fn pause_seconds(&self) -> f32 {
        let window = (self.rate / 100).max(1) as usize;
        let pause = self.rate as usize / 10;
        let (mut total, mut run) = (0usize, 0usize);
        for chunk in self.samples.chunks(window) {
            if chunk.iter().all(|s| s.abs() < 0.005) {
                run += chunk.len();
            } else {
                if run >= pause {
                    total += run;
                }
                run = 0;
            }
        }
        if run >= pause {
            total += run;
        }
        total as f32 / self.rate as f32
    }

    /// Appends `other` (same rate) after a pause of `pause` seconds.
    pub fn append(&mut self, other: &Pcm, pause: f32) {
        if !self.samples.is_empty() {
            self.samples
                .extend(std::iter::repeat_n(0.0, frames(self.rate, pause)));
        }
        self.samples.extend_from_slice(&other.samples);
    }

    /// Scales by `gain`, then lowers the whole clip if its peak would pass `PEAK`:
    /// never clips, at any volume.
    #[must_use]
    pub fn scaled(mut self, gain: f32) -> Pcm {
        let peak = self.peak() * gain;
        let gain = if peak > PEAK {
            gain * PEAK / peak
        } else {
            gain
        };
        for s in &mut self.samples {
            *s *= gain;
        }
        self
    }

    /// The same sound at `rate` Hz.
    #[must_use]
    pub fn resampled(self, rate: u32, resamplers: &mut Resamplers) -> Pcm {
        if self.rate == rate || self.samples.is_empty() {
            return Pcm::new(self.samples, rate);
        }
        match resamplers.run(&self, rate) {
            Some(samples) => Pcm::new(samples, rate),
            // A rate pair rubato refuses: a plain linear interpolation is better than silence.
            None => Pcm::new(linear(&self, rate), rate),
        }
    }

    /// 16-bit samples, for WAV files.
    /// Writes a 16-bit mono WAV file.
    pub fn write_wav(&self, path: &std::path::Path) -> Result<(), hound::Error> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: self.rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(path, spec)?;
        for s in self.to_i16() {
            writer.write_sample(s)?;
        }
        writer.finalize()
    }

    pub fn to_i16(&self) -> Vec<i16> {
        self.samples
            .iter()
            .map(|s| (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)) as i16)
            .collect()
    }
}

fn frames(rate: u32, seconds: f32) -> usize {
    (rate as f32 * seconds.max(0.0)).round() as usize
}

fn linear(pcm: &Pcm, rate: u32) -> Vec<f32> {
    let ratio = f64::from(pcm.rate) / f64::from(rate);
    let n = (pcm.samples.len() as f64 / ratio) as usize;
    (0..n)
        .map(|i| {
            let x = i as f64 * ratio;
            let j = x as usize;
            let f = (x - j as f64) as f32;
            let a = pcm.samples.get(j).copied().unwrap_or(0.0);
            let b = pcm.samples.get(j + 1).copied().unwrap_or(a);
            a + (b - a) * f
        })
        .collect()
}

/// FFT resamplers kept per rate pair: making one plans FFTs, which costs more than
/// resampling a sentence.
#[derive(Default)]
pub struct Resamplers {
    made: Vec<((u32, u32), Fft<f32>)>,
}

impl Resamplers {
    fn run(&mut self, pcm: &Pcm, rate: u32) -> Option<Vec<f32>> {
        let key = (pcm.rate, rate);
        let index = if let Some(i) = self.made.iter().position(|(k, _)| *k == key) {
            i
        } else {
            let fft = Fft::<f32>::new(pcm.rate as usize, rate as usize, 1024, 1, FixedSync::Input)
                .ok()?;
            self.made.push((key, fft));
            self.made.len() - 1
        };
        let resampler = &mut self.made[index].1;
        let input = InterleavedSlice::new(&pcm.samples, 1, pcm.samples.len()).ok()?;
        let output = resampler
            .process_all(&input, pcm.samples.len(), None)
            .ok()?;
        Some(output.take_data())
    }
}

/// The soft low sounds that say "your turn".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChimeKind {
    /// Two falling notes: the step is said, press Enter.
    Step,
    /// Two rising notes, like a question: press y or n.
    Question,
}

/// A chime at `rate` Hz: two soft, low notes with round edges (no click), a touch of
/// the second harmonic so that ears that lost the low end still hear it.
pub fn chime(kind: ChimeKind, rate: u32, volume: f32) -> Pcm {
    let (first, second) = match kind {
        ChimeKind::Step => (392.0, 294.0),
        ChimeKind::Question => (294.0, 392.0),
    };
    let mut pcm = Pcm::silence(rate, 0.05);
    for freq in [first, second] {
        pcm.samples.extend(note(freq, rate, 0.22));
        pcm.samples
            .extend(std::iter::repeat_n(0.0, frames(rate, 0.04)));
    }
    pcm.samples
        .extend(std::iter::repeat_n(0.0, frames(rate, 0.1)));
    pcm.scaled(0.3 * volume)
}

fn note(freq: f32, rate: u32, seconds: f32) -> Vec<f32> {
    let n = frames(rate, seconds);
    let tau = std::f32::consts::TAU;
    (0..n)
        .map(|i| {
            let t = i as f32 / rate as f32;
            // A fast rise and a long fall, like a soft bell.
            let rise = (i as f32 / (0.02 * rate as f32)).min(1.0);
            let fall = (1.0 - i as f32 / n as f32).powi(2);
            let wave = (tau * freq * t).sin() + 0.25 * (tau * 2.0 * freq * t).sin();
            wave * rise * fall
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_are_quiet_stretches_of_a_tenth_of_a_second_or_more() {
        let sound = |n| vec![0.5; n];
        let quiet = |n| vec![0.0; n];
        // At 1000 Hz: 0.05 s quiet (a consonant's closure), 0.2 s, and 0.1 s at the end.
        let samples = [
            sound(100),
            quiet(50),
            sound(100),
            quiet(200),
            sound(100),
            quiet(100),
        ]
        .concat();
        let pcm = Pcm::new(samples, 1000);
        assert!(
            (pcm.pause_seconds() - 0.3).abs() < 1e-6,
            "{}",
            pcm.pause_seconds()
        );
    }

    #[test]
    fn trimming_keeps_a_little_silence() {
        let mut samples = vec![0.0; 1000];
        samples.extend(vec![0.5; 100]);
        samples.extend(vec![0.0; 1000]);
        let pcm = Pcm::new(samples, 1000).trimmed(0.01);
        assert_eq!(pcm.samples.len(), 120);
    }

    #[test]
    fn scaling_never_clips() {
        let pcm = Pcm::new(vec![0.9, -1.2, 0.3], 10).scaled(1.0);
        assert!(pcm.peak() <= PEAK + 1e-6);
        let quiet = Pcm::new(vec![0.5], 10).scaled(0.5);
        assert!((quiet.peak() - 0.25).abs() < 1e-6);
    }

    #[test]
    fn resampling_keeps_the_length_in_seconds() {
        let pcm = Pcm::new(
            (0..22050).map(|i| (i as f32 / 10.0).sin() * 0.5).collect(),
            22050,
        );
        let out = pcm.resampled(48000, &mut Resamplers::default());
        assert_eq!(out.rate, 48000);
        assert!((out.seconds() - 1.0).abs() < 0.01, "{}", out.seconds());
        assert!(out.rms() > 0.2);
    }

    #[test]
    fn chimes_are_soft_and_differ() {
        let step = chime(ChimeKind::Step, 48000, 1.0);
        let question = chime(ChimeKind::Question, 48000, 1.0);
        assert!(step.peak() <= 0.31 && step.peak() > 0.1);
        assert_ne!(step.samples, question.samples);
        assert!(step.seconds() > 0.4 && step.seconds() < 1.0);
    }
}
