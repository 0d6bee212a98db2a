//! Sound output through cpal (ALSA host). The `Stream` is made on, and stays on, one
//! audio thread (it is not `Send`). The real-time callback only copies samples from a
//! queue, checks an atomic generation so that a stop silences it at once, and notes
//! when an utterance starts and ends; it never logs, waits or allocates beyond a
//! preallocated list. The audio thread turns those notes into reports after the
//! device's latency, so "played" means heard to the last sample.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

/// Samples at the device's rate, mono; played on every channel.
pub struct Clip {
    pub generation: u64,
    pub samples: Arc<[f32]>,
    /// Reported as started when its first sample is handed to the device.
    pub tag: Option<u64>,
    /// Reported as played when its last sample has been heard.
    pub ends_item: bool,
}

/// What the audio thread reports.
#[derive(Debug)]
pub enum Report {
    /// The first sample of the clip tagged `tag` reached the device's callback at `at`.
    Started { tag: u64, at: Instant },
    /// A clip that ends an item of `generation` has been heard to its end.
    Played { generation: u64 },
    /// A stop cut off a clip mid-way: the callback at `at` was the first to give the
    /// device silence instead of it. `latency` is the device's own buffer, still to
    /// be heard after that; `period_frames` how many frames the callback is asked for
    /// at a time (a stop waits for the next call).
    Stopped {
        at: Instant,
        latency: Duration,
        period_frames: u64,
    },
    /// Something went wrong that the stream got over, counted since the start: xruns
    /// reported by ALSA, callbacks that came later than the whole buffer lasts (a gap
    /// was heard) and other passing errors, with the last error's text.
    Trouble {
        at: Instant,
        xruns: u64,
        late: u64,
        errors: u64,
        last_error: Option<String>,
    },
    /// The device failed; nothing more will be heard.
    Failed { reason: String },
}

/// Why the sound device could not be opened.
#[derive(Debug, Clone)]
pub enum OpenError {
    /// No device, or no sound server to reach one; the sound library's words, if any.
    NoDevice(Option<String>),
    /// A device that is there but would not play, in the sound library's words.
    Failed(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::NoDevice(None) => write!(f, "no sound device"),
            OpenError::NoDevice(Some(detail)) => write!(f, "no sound device ({detail})"),
            OpenError::Failed(reason) => write!(f, "{reason}"),
        }
    }
}

enum Note {
    Started { tag: u64, at: Instant },
    Finished { generation: u64, at: Instant },
    Stopped { at: Instant },
}

struct Queue {
    clips: VecDeque<Clip>,
    /// The next sample of the front clip.
    pos: usize,
    notes: Vec<Note>,
}

struct Shared {
    queue: Mutex<Queue>,
    generation: Arc<AtomicU64>,
    failed: AtomicBool,
    /// Passing errors seen so far.
    errors: AtomicU64,
    /// Calls of the data callback so far.
    callbacks: AtomicU64,
    failure: Mutex<Option<String>>,
    /// The device's latency as last seen by the callback, in microseconds.
    latency_us: AtomicU64,
    /// Frames asked for by the last callback.
    period_frames: AtomicU64,
    /// Xruns reported by ALSA so far.
    underruns: AtomicU64,
    /// Callbacks so far that came later than the buffer lasts (the device ran dry).
    late: AtomicU64,
    /// When the last callback ran, in microseconds since `epoch` (0: not yet).
    last_callback_us: AtomicU64,
    epoch: Instant,
    rate: AtomicU64,
}

/// The sound device, open and playing (silence when there is nothing to say).
pub struct Output {
    shared: Arc<Shared>,
    quit: mpsc::Sender<()>,
    thread: Option<thread::JoinHandle<()>>,
    pub rate: u32,
    pub channels: u16,
}

/// How long to wait for the device to open before giving up on sound.
const OPEN_TIMEOUT: Duration = Duration::from_secs(4);
/// How long the callback may go uncalled (after errors, or from the start) before
/// sound is given up.
const STALL: Duration = Duration::from_secs(2);
/// How long the stream's worker waits after a passing error before asking again.
const ERROR_BACKOFF: Duration = Duration::from_micros(500);
/// At most this many `Trouble` reports: a storm of errors is not a storm of lines.
const MAX_TROUBLE_REPORTS: u32 = 200;
/// A margin on top of the reported latency before a clip counts as heard.
const TAIL_MARGIN: Duration = Duration::from_millis(15);

impl Output {
    /// Opens the default output device. `generation` is read by the callback: clips of
    /// another generation are dropped unplayed. `report` is called on the audio thread.
    pub fn open(
        generation: Arc<AtomicU64>,
        report: Box<dyn FnMut(Report) + Send>,
    ) -> Result<Output, OpenError> {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                clips: VecDeque::with_capacity(64),
                pos: 0,
                notes: Vec::with_capacity(256),
            }),
            generation,
            failed: AtomicBool::new(false),
            errors: AtomicU64::new(0),
            callbacks: AtomicU64::new(0),
            failure: Mutex::new(None),
            latency_us: AtomicU64::new(0),
            period_frames: AtomicU64::new(0),
            underruns: AtomicU64::new(0),
            late: AtomicU64::new(0),
            last_callback_us: AtomicU64::new(0),
            epoch: Instant::now(),
            rate: AtomicU64::new(0),
        });
        let (ready_tx, ready_rx) = mpsc::channel();
        let (quit, quit_rx) = mpsc::channel();
        let thread_shared = shared.clone();
        let thread = thread::Builder::new()
            .name("tebiki-audio".into())
            .spawn(move || audio_thread(&thread_shared, &ready_tx, &quit_rx, report))
            .map_err(|e| OpenError::Failed(e.to_string()))?;
        let (rate, channels) = match ready_rx.recv_timeout(OPEN_TIMEOUT) {
            Ok(Ok(ok)) => ok,
            Ok(Err(reason)) => return Err(reason),
            Err(_) => return Err(OpenError::Failed("the sound device did not answer".into())),
        };
        Ok(Output {
            shared,
            quit,
            thread: Some(thread),
            rate,
            channels,
        })
    }

    /// Queues a clip after what is queued.
    pub fn push(&self, clip: Clip) {
        if let Ok(mut q) = self.shared.queue.lock() {
            q.clips.push_back(clip);
        }
    }

    /// How much sound of `generation` is queued and not yet handed to the device:
    /// what the listener hears before anything pushed now.
    pub fn queued(&self, generation: u64) -> Duration {
        let Ok(q) = self.shared.queue.lock() else {
            return Duration::ZERO;
        };
        let samples: usize = q
            .clips
            .iter()
            .filter(|c| c.generation == generation)
            .map(|c| c.samples.len())
            .sum();
        let played = q
            .clips
            .front()
            .filter(|c| c.generation == generation)
            .map_or(0, |_| q.pos);
        Duration::from_secs_f64(samples.saturating_sub(played) as f64 / f64::from(self.rate.max(1)))
    }

    /// The device's latency as last measured (zero before the first callback).
    pub fn latency(&self) -> Duration {
        Duration::from_micros(self.shared.latency_us.load(Ordering::Relaxed))
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        let _ = self.quit.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn audio_thread(
    shared: &Arc<Shared>,
    ready: &mpsc::Sender<Result<(u32, u16), OpenError>>,
    quit: &mpsc::Receiver<()>,
    mut report: Box<dyn FnMut(Report) + Send>,
) {
    // ALSA writes its complaints (no server, no card) to stderr; on this thread they go
    // to a buffer instead, and the listener gets one friendly message.
    let _quiet = crate::platform::quiet_sound_library();
    let stream = match open_stream(shared) {
        Ok((stream, rate, channels)) => {
            let _ = ready.send(Ok((rate, channels)));
            stream
        }
        Err(reason) => {
            let _ = ready.send(Err(reason));
            return;
        }
    };
    let mut due: Vec<(Instant, u64)> = Vec::new();
    let mut failed = false;
    let (mut seen_trouble, mut reported_trouble) = ((0, 0, 0), 0);
    let (mut seen_callbacks, mut progress) = (0, Instant::now());
    loop {
        match quit.recv_timeout(Duration::from_millis(3)) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        let latency = Duration::from_micros(shared.latency_us.load(Ordering::Relaxed));
        let notes: Vec<Note> = match shared.queue.lock() {
            Ok(mut q) => q.notes.drain(..).collect(),
            Err(_) => Vec::new(),
        };
        for note in notes {
            match note {
                Note::Started { tag, at } => report(Report::Started { tag, at }),
                Note::Finished { generation, at } => {
                    due.push((at + latency + TAIL_MARGIN, generation));
                }
                Note::Stopped { at } => report(Report::Stopped {
                    at,
                    latency,
                    period_frames: shared.period_frames.load(Ordering::Relaxed),
                }),
            }
        }
        let now = Instant::now();
        let trouble = (
            shared.underruns.load(Ordering::Relaxed),
            shared.late.load(Ordering::Relaxed),
            shared.errors.load(Ordering::Relaxed),
        );
        if trouble != seen_trouble && reported_trouble < MAX_TROUBLE_REPORTS {
            seen_trouble = trouble;
            reported_trouble += 1;
            report(Report::Trouble {
                at: now,
                xruns: trouble.0,
                late: trouble.1,
                errors: trouble.2,
                last_error: shared.failure.lock().ok().and_then(|f| f.clone()),
            });
        }
        due.retain(|(when, generation)| {
            if *when <= now {
                report(Report::Played {
                    generation: *generation,
                });
                false
            } else {
                true
            }
        });
        let callbacks = shared.callbacks.load(Ordering::Relaxed);
        if callbacks != seen_callbacks {
            (seen_callbacks, progress) = (callbacks, now);
        } else if now.duration_since(progress) > STALL {
            // Errors that keep coming, or a device that never asks for samples.
            shared.failed.store(true, Ordering::Relaxed);
        }
        if !failed && shared.failed.load(Ordering::Relaxed) {
            failed = true;
            let reason = shared
                .failure
                .lock()
                .ok()
                .and_then(|f| f.clone())
                .unwrap_or_else(|| "the sound device stopped playing".into());
            report(Report::Failed { reason });
        }
    }
    drop(stream);
}

fn open_stream(shared: &Arc<Shared>) -> Result<(cpal::Stream, u32, u16), OpenError> {
    let host = crate::platform::sound_host();
    let device = host
        .default_output_device()
        .ok_or(OpenError::NoDevice(None))?;
    let supported = device
        .default_output_config()
        .map_err(|e| OpenError::NoDevice(Some(e.to_string())))?;
    let format = supported.sample_format();
    let mut config = supported.config();
    let rate = config.sample_rate;
    let channels = config.channels;
    shared.rate.store(u64::from(rate), Ordering::Relaxed);
    // A stop waits for the next callback, so the period bounds how soon a key silences
    // speech: the size asked for is the platform's choice (`crate::platform`).
    // `TEBIKI_AUDIO_PERIOD` (frames) asks for another size, for `scripts/bench.sh`. A
    // device that refuses the size is opened with its default.
    config.buffer_size = match std::env::var("TEBIKI_AUDIO_PERIOD")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    {
        Some(frames) => cpal::BufferSize::Fixed(frames),
        None => crate::platform::sound_buffer(rate),
    };
    let stream = if let Ok(stream) = build_any(format, &device, &config, shared) {
        stream
    } else {
        config.buffer_size = cpal::BufferSize::Default;
        build_any(format, &device, &config, shared).map_err(OpenError::Failed)?
    };
    stream
        .play()
        .map_err(|e| OpenError::Failed(e.to_string()))?;
    Ok((stream, rate, channels))
}

fn build_any(
    format: cpal::SampleFormat,
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    shared: &Arc<Shared>,
) -> Result<cpal::Stream, String> {
    match format {
        cpal::SampleFormat::F32 => build::<f32>(device, config, shared),
        cpal::SampleFormat::I16 => build::<i16>(device, config, shared),
        cpal::SampleFormat::U16 => build::<u16>(device, config, shared),
        cpal::SampleFormat::I32 => build::<i32>(device, config, shared),
        cpal::SampleFormat::F64 => build::<f64>(device, config, shared),
        other => Err(format!("unsupported sample format {other:?}")),
    }
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    shared: &Arc<Shared>,
) -> Result<cpal::Stream, String>
where
    T: SizedSample + FromSample<f32>,
{
    let channels = usize::from(config.channels.max(1));
    let data_shared = shared.clone();
    let error_shared = shared.clone();
    device
        .build_output_stream::<T, _, _>(
            *config,
            move |data: &mut [T], info: &cpal::OutputCallbackInfo| {
                fill(&data_shared, data, channels, info);
            },
            move |error: cpal::Error| {
                // ALSA through PulseAudio reports passing errors (an EIO while the
                // server sets up, an underrun): the stream recovers from those. Only
                // a device that is gone, or errors that keep coming, end the sound.
                // The audio thread gives up if the callback stops being called.
                let fatal = matches!(
                    error.kind(),
                    cpal::ErrorKind::DeviceNotAvailable
                        | cpal::ErrorKind::HostUnavailable
                        | cpal::ErrorKind::StreamInvalidated
                );
                if let Ok(mut f) = error_shared.failure.lock() {
                    *f = Some(error.to_string());
                }
                error_shared.errors.fetch_add(1, Ordering::Relaxed);
                if fatal {
                    error_shared.failed.store(true, Ordering::Relaxed);
                } else if error.kind() == cpal::ErrorKind::Xrun {
                    error_shared.underruns.fetch_add(1, Ordering::Relaxed);
                } else {
                    // ALSA's PulseAudio plugin answers EIO while the server has no
                    // timing yet (just after opening, and after every xrun: see
                    // alsa-project/alsa-plugins#65), and cpal's worker asks again at
                    // once: thousands of times in a few milliseconds, a core taken from
                    // the synthesis of the first step. This callback runs on that worker
                    // (not the data callback): a short pause makes the spin a poll.
                    thread::sleep(ERROR_BACKOFF);
                }
            },
            None,
        )
        .map_err(|e| e.to_string())
}

/// The real-time callback.
fn fill<T>(shared: &Shared, data: &mut [T], channels: usize, info: &cpal::OutputCallbackInfo)
where
    T: SizedSample + FromSample<f32>,
{
    let now = Instant::now();
    let calls = shared.callbacks.fetch_add(1, Ordering::Relaxed);
    let frames = (data.len() / channels.max(1)) as u64;
    shared.period_frames.store(frames, Ordering::Relaxed);
    // Later than the whole buffer (two periods) lasts: the device had nothing to play.
    let now_us = u64::try_from(now.duration_since(shared.epoch).as_micros()).unwrap_or(u64::MAX);
    let last_us = shared
        .last_callback_us
        .swap(now_us.max(1), Ordering::Relaxed);
    let rate = shared.rate.load(Ordering::Relaxed);
    // The first calls fill the buffer while the stream starts: not a gap.
    let latency_us = shared.latency_us.load(Ordering::Relaxed);
    if calls > 4 && last_us > 0 && ran_dry(now_us - last_us.min(now_us), latency_us, frames, rate) {
        shared.late.fetch_add(1, Ordering::Relaxed);
    }
    let stamp = info.timestamp();
    if let Some(latency) = stamp.playback.checked_duration_since(stamp.callback) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        shared.latency_us.store(micros, Ordering::Relaxed);
    }
    let generation = shared.generation.load(Ordering::Acquire);
    let silence = T::from_sample(0.0f32);
    // Never wait in the callback: if the queue is being written to, play silence now.
    let Ok(mut guard) = shared.queue.try_lock() else {
        data.fill(silence);
        return;
    };
    let q = &mut *guard;
    for frame in data.chunks_mut(channels) {
        let sample = next_sample(q, generation, now);
        frame.fill(T::from_sample(sample));
    }
}

/// Whether a callback `gap_us` after the one before came too late: the device had
/// played all it held then (its delay `latency_us`, plus the period written).
/// Right after an xrun the delay reads 0 for a while: a whole buffer is assumed then.
fn ran_dry(gap_us: u64, latency_us: u64, frames: u64, rate: u64) -> bool {
    if rate == 0 {
        return false;
    }
    let period_us = frames * 1_000_000 / rate;
    gap_us > latency_us.max(period_us) + period_us
}

fn next_sample(q: &mut Queue, generation: u64, now: Instant) -> f32 {
    loop {
        let Some(clip) = q.clips.front() else {
            return 0.0;
        };
        if clip.generation != generation {
            if q.pos > 0 && q.pos < clip.samples.len() {
                q.notes.push(Note::Stopped { at: now });
            }
            q.clips.pop_front();
            q.pos = 0;
            continue;
        }
        if q.pos < clip.samples.len() {
            if q.pos == 0 {
                if let Some(tag) = clip.tag {
                    q.notes.push(Note::Started { tag, at: now });
                }
            }
            let s = clip.samples[q.pos];
            q.pos += 1;
            return s;
        }
        if clip.ends_item {
            q.notes.push(Note::Finished {
                generation: clip.generation,
                at: now,
            });
        }
        q.clips.pop_front();
        q.pos = 0;
    }
}

#[cfg(test)]
// The samples compared are exact values put in (0.5) or silence (0.0).
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    fn clip(generation: u64, n: usize, tag: Option<u64>, ends_item: bool) -> Clip {
        Clip {
            generation,
            samples: vec![0.5; n].into(),
            tag,
            ends_item,
        }
    }

    #[test]
    fn plays_in_order_and_notes_start_and_end() {
        let mut q = Queue {
            clips: VecDeque::new(),
            pos: 0,
            notes: Vec::new(),
        };
        q.clips.push_back(clip(1, 2, Some(7), false));
        q.clips.push_back(clip(1, 1, None, true));
        let now = Instant::now();
        let played: Vec<f32> = (0..5).map(|_| next_sample(&mut q, 1, now)).collect();
        assert_eq!(played, [0.5, 0.5, 0.5, 0.0, 0.0]);
        assert!(matches!(q.notes[0], Note::Started { tag: 7, .. }));
        assert!(matches!(q.notes[1], Note::Finished { generation: 1, .. }));
    }

    #[test]
    fn a_stale_generation_is_dropped_unplayed() {
        let mut q = Queue {
            clips: VecDeque::new(),
            pos: 0,
            notes: Vec::new(),
        };
        q.clips.push_back(clip(1, 100, Some(1), true));
        q.clips.push_back(clip(2, 1, Some(2), true));
        let now = Instant::now();
        assert_eq!(next_sample(&mut q, 2, now), 0.5);
        assert_eq!(next_sample(&mut q, 2, now), 0.0);
        assert_eq!(q.notes.len(), 2);
        assert!(matches!(q.notes[0], Note::Started { tag: 2, .. }));
    }

    #[test]
    fn a_callback_later_than_the_buffer_lasts_ran_dry() {
        // 512 frames at 48 kHz = 10.7 ms a period; 10.7 ms already queued.
        assert!(!ran_dry(10_700, 10_667, 512, 48_000));
        assert!(!ran_dry(21_000, 10_667, 512, 48_000));
        assert!(ran_dry(21_500, 10_667, 512, 48_000));
        // After an xrun the delay reads 0: two periods are allowed, not one.
        assert!(!ran_dry(15_000, 0, 512, 48_000));
        assert!(ran_dry(22_000, 0, 512, 48_000));
        assert!(!ran_dry(1_000_000, 0, 512, 0));
    }

    #[test]
    fn a_clip_cut_off_mid_way_is_noted_as_stopped() {
        let mut q = Queue {
            clips: VecDeque::new(),
            pos: 0,
            notes: Vec::new(),
        };
        q.clips.push_back(clip(1, 100, None, true));
        let now = Instant::now();
        assert_eq!(next_sample(&mut q, 1, now), 0.5);
        assert_eq!(next_sample(&mut q, 2, now), 0.0);
        assert!(matches!(q.notes[..], [Note::Stopped { .. }]));
    }
}
