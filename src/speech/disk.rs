//! Rendered speech kept on disk under `$XDG_CACHE_HOME/tebiki/speech`, so that a guide
//! heard before starts at once: its first step plays from here while the dictionary
//! is still loading. One file per sentence, named by a hash of everything that changes
//! the sound (engine and its version, voice, language, rate, volume, device rate,
//! text); the whole key is stored in the file too, so a hash collision is a miss.
//!
//! Never a failure: a folder that cannot be written, a file that is short, damaged or
//! from another version is simply not used. Files are written atomically and readable
//! by their owner only. The folder is kept under a limit; the least recently used
//! files go first (reading a file touches it).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::SystemTime;

use super::cache::SpeechKey;

/// Bumped whenever what the engines render changes (a new jbonsai or eSpeak NG, a
/// different trim or pause): old files then stop matching.
pub const ENGINE_VERSION: &str = "jbonsai-0.4+jpreprocess-0.15+espeak-ng-1/tebiki-2";
/// The folder's limit.
pub const LIMIT_BYTES: u64 = 100 * 1024 * 1024;

const MAGIC: &[u8; 8] = b"TBKPCM1\n";

/// A sentence to keep: its key, the device rate, the samples.
type Write = (SpeechKey, u32, Arc<[f32]>);

/// The cache folder: reads on the caller's thread, writes on a thread of its own so
/// that synthesis never waits on the disk.
pub struct DiskCache {
    dir: PathBuf,
    writes: Option<mpsc::Sender<Write>>,
}

impl DiskCache {
    /// A cache in `dir` holding at most `limit` bytes.
    pub fn open(dir: PathBuf, limit: u64) -> DiskCache {
        let (tx, rx) = mpsc::channel::<Write>();
        let writer_dir = dir.clone();
        let spawned = std::thread::Builder::new()
            .name("tebiki-disk-cache".into())
            .spawn(move || {
                super::background::in_background();
                let mut held: Option<u64> = None;
                while let Ok((key, rate, samples)) = rx.recv() {
                    let Ok(written) = store(&writer_dir, &key, rate, &samples) else {
                        continue;
                    };
                    let total = match held {
                        Some(h) => h + written,
                        None => folder_bytes(&writer_dir),
                    };
                    held = Some(if total > limit {
                        evict(&writer_dir, limit)
                    } else {
                        total
                    });
                }
            });
        DiskCache {
            dir,
            writes: spawned.ok().map(|_| tx),
        }
    }

    /// The samples for `key` at `rate` Hz, if a sound file for them is here.
    pub fn get(&self, key: &SpeechKey, rate: u32) -> Option<Arc<[f32]>> {
        let path = self.dir.join(file_name(key, rate));
        let bytes = fs::read(&path).ok()?;
        let samples = decode(&bytes, key, rate)?;
        // Touch it: the least recently used go first.
        if let Ok(f) = fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(SystemTime::now());
        }
        Some(samples.into())
    }

    /// Keeps `samples` for `key` (in the background; failures are ignored).
    pub fn put(&self, key: &SpeechKey, rate: u32, samples: Arc<[f32]>) {
        if let Some(w) = &self.writes {
            let _ = w.send((key.clone(), rate, samples));
        }
    }
}

/// Everything that identifies the sound, as stored in the file.
fn identity(key: &SpeechKey, rate: u32) -> String {
    format!(
        "{ENGINE_VERSION}\n{}\n{}\n{}\n{:08x}\n{:08x}\n{:08x}\n{rate}\n{}",
        key.engine, key.voice, key.lang, key.rate, key.volume, key.pause, key.text
    )
}

/// FNV-1a, 64 bits: stable across builds (std's hasher is not promised to be).
fn fnv(bytes: &[u8], seed: u64) -> u64 {
    bytes.iter().fold(seed, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn file_name(key: &SpeechKey, rate: u32) -> String {
    let id = identity(key, rate);
    // Two differently seeded hashes: 128 bits, so collisions are not a concern.
    format!(
        "{:016x}{:016x}.pcm",
        fnv(id.as_bytes(), FNV_OFFSET),
        fnv(id.as_bytes(), FNV_OFFSET ^ 0x5bd1_e995)
    )
}

/// `MAGIC`, identity length (u32 LE), identity, sample count (u64 LE), samples as
/// i16 LE (what the device plays), FNV-1a of the samples' bytes (u64 LE).
fn encode(key: &SpeechKey, rate: u32, samples: &[f32]) -> Vec<u8> {
    let id = identity(key, rate);
    let mut out = Vec::with_capacity(32 + id.len() + samples.len() * 2);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&u32::try_from(id.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(id.as_bytes());
    out.extend_from_slice(&(samples.len() as u64).to_le_bytes());
    let start = out.len();
    for s in samples {
        let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
        out.extend_from_slice(&v.to_le_bytes());
    }
    let sum = fnv(&out[start..], FNV_OFFSET);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

fn decode(bytes: &[u8], key: &SpeechKey, rate: u32) -> Option<Vec<f32>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (len, rest) = rest.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    let id = rest.get(..len)?;
    if id != identity(key, rate).as_bytes() {
        return None;
    }
    let (count, rest) = rest.get(len..)?.split_first_chunk::<8>()?;
    let count = usize::try_from(u64::from_le_bytes(*count)).ok()?;
    let data = rest.get(..count.checked_mul(2)?)?;
    let (sum, tail) = rest.get(data.len()..)?.split_first_chunk::<8>()?;
    if !tail.is_empty() || u64::from_le_bytes(*sum) != fnv(data, FNV_OFFSET) {
        return None;
    }
    Some(
        data.chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32767.0)
            .collect(),
    )
}

/// Writes one file; returns its size.
fn store(dir: &Path, key: &SpeechKey, rate: u32, samples: &[f32]) -> std::io::Result<u64> {
    let bytes = encode(key, rate, samples);
    let path = dir.join(file_name(key, rate));
    crate::atomic_file::write(&path, &bytes)?;
    #[cfg(unix)]
    {
        // The folder too: what was said may be private.
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    }
    Ok(bytes.len() as u64)
}

/// The sound files in `dir`: path, size, last use.
fn entries(dir: &Path) -> Vec<(PathBuf, u64, SystemTime)> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    read.flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pcm"))
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            Some((e.path(), m.len(), m.modified().ok()?))
        })
        .collect()
}

fn folder_bytes(dir: &Path) -> u64 {
    entries(dir).iter().map(|(_, size, _)| size).sum()
}

/// Removes the least recently used files until the folder holds at most `limit`
/// bytes; returns what it holds then.
fn evict(dir: &Path, limit: u64) -> u64 {
    let mut all = entries(dir);
    all.sort_by_key(|(_, _, used)| *used);
    let mut total: u64 = all.iter().map(|(_, size, _)| size).sum();
    for (path, size, _) in all {
        if total <= limit {
            break;
        }
        if fs::remove_file(&path).is_ok() {
            total -= size;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::{Duration, Instant};

    fn key(text: &str) -> SpeechKey {
        SpeechKey {
            engine: "jtalk",
            voice: "m001".into(),
            lang: "ja".into(),
            rate: 1.0f32.to_bits(),
            volume: 1.0f32.to_bits(),
            pause: 1.0f32.to_bits(),
            text: text.into(),
        }
    }

    /// Waits for the writer thread to have written `n` files.
    fn wait_files(dir: &Path, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while entries(dir).len() < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn gives_back_what_was_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::open(dir.path().join("speech"), LIMIT_BYTES);
        let samples: Arc<[f32]> = vec![0.0, 0.5, -0.5, 1.0].into();
        assert!(cache.get(&key("a"), 48000).is_none());
        cache.put(&key("a"), 48000, samples.clone());
        wait_files(&dir.path().join("speech"), 1);
        let back = cache.get(&key("a"), 48000).unwrap();
        assert_eq!(back.len(), 4);
        for (a, b) in back.iter().zip(samples.iter()) {
            assert!((a - b).abs() < 1e-4, "{a} {b}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let (path, _, _) = &entries(&dir.path().join("speech"))[0];
            let mode = fs::metadata(path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn keys_differ_by_every_field() {
        let base = key("a");
        let mut variants = vec![
            SpeechKey {
                engine: "espeak",
                ..base.clone()
            },
            SpeechKey {
                voice: "mei".into(),
                ..base.clone()
            },
            SpeechKey {
                lang: "en".into(),
                ..base.clone()
            },
            SpeechKey {
                rate: 1.1f32.to_bits(),
                ..base.clone()
            },
            SpeechKey {
                volume: 0.5f32.to_bits(),
                ..base.clone()
            },
            SpeechKey {
                pause: 0.6f32.to_bits(),
                ..base.clone()
            },
            key("b"),
        ];
        let mut names: Vec<String> = variants.iter().map(|k| file_name(k, 48000)).collect();
        names.push(file_name(&base, 44100));
        names.push(file_name(&base, 48000));
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        // A file kept for one key is not given for another.
        let bytes = encode(&base, 48000, &[0.25; 10]);
        assert!(decode(&bytes, &base, 48000).is_some());
        variants.push(base.clone());
        for other in &variants[..variants.len() - 1] {
            assert!(decode(&bytes, other, 48000).is_none(), "{other:?}");
        }
        assert!(decode(&bytes, &base, 44100).is_none());
    }

    #[test]
    fn damaged_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::open(dir.path().to_path_buf(), LIMIT_BYTES);
        let k = key("a");
        let good = encode(&k, 48000, &[0.25; 100]);
        let path = dir.path().join(file_name(&k, 48000));
        let mut flipped = good.clone();
        let middle = flipped.len() - 50;
        flipped[middle] ^= 0x40;
        let damaged: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"garbage".to_vec(),
            good[..good.len() - 1].to_vec(),
            good[..good.len() / 2].to_vec(),
            [good.clone(), vec![0]].concat(),
            flipped,
        ];
        for bytes in damaged {
            fs::write(&path, &bytes).unwrap();
            assert!(cache.get(&k, 48000).is_none(), "{} bytes", bytes.len());
        }
        fs::write(&path, &good).unwrap();
        assert_eq!(cache.get(&k, 48000).unwrap().len(), 100);
    }

    #[test]
    fn the_least_recently_used_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let one = encode(&key("a"), 48000, &[0.0; 1000]).len() as u64;
        // Room for two files, not three.
        let cache = DiskCache::open(dir.path().to_path_buf(), one * 2 + one / 2);
        cache.put(&key("a"), 48000, vec![0.0; 1000].into());
        wait_files(dir.path(), 1);
        cache.put(&key("b"), 48000, vec![0.0; 1000].into());
        wait_files(dir.path(), 2);
        // Make "a" the older by the clock, then use it: "b" is now the least recent.
        let old = SystemTime::now() - Duration::from_mins(1);
        for (path, _, _) in entries(dir.path()) {
            fs::File::options()
                .append(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        assert!(cache.get(&key("a"), 48000).is_some());
        cache.put(&key("c"), 48000, vec![0.0; 1000].into());
        let deadline = Instant::now() + Duration::from_secs(10);
        while cache.get(&key("c"), 48000).is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(50));
        assert!(cache.get(&key("a"), 48000).is_some());
        assert!(cache.get(&key("b"), 48000).is_none());
        assert!(cache.get(&key("c"), 48000).is_some());
        assert!(folder_bytes(dir.path()) <= one * 2 + one / 2);
    }

    #[test]
    fn an_unwritable_folder_is_no_failure() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        fs::write(&file, b"x").unwrap();
        let cache = DiskCache::open(file.join("speech"), LIMIT_BYTES);
        cache.put(&key("a"), 48000, vec![0.0; 10].into());
        std::thread::sleep(Duration::from_millis(50));
        assert!(cache.get(&key("a"), 48000).is_none());
    }
}
