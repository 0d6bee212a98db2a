//! Speech already rendered, ready for the device: a bounded in-memory cache keyed by
//! everything that changes the sound (engine, voice, language, rate, volume, text).
//! Prefetch fills it while the listener is on a step, so the next key is answered at
//! once. Oldest-used entries go first when it is full.

use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpeechKey {
    pub engine: &'static str,
    pub voice: String,
    pub lang: String,
    /// `f32::to_bits` of the rate, the volume and the pause factor, so that keys can
    /// be hashed.
    pub rate: u32,
    pub volume: u32,
    pub pause: u32,
    pub text: String,
}

pub struct Cache {
    entries: HashMap<SpeechKey, (Arc<[f32]>, u64)>,
    /// Samples held, against `limit`.
    held: usize,
    limit: usize,
    clock: u64,
}

impl Cache {
    /// A cache that holds at most `limit` samples (4 bytes each).
    pub fn new(limit: usize) -> Cache {
        Cache {
            entries: HashMap::new(),
            held: 0,
            limit,
            clock: 0,
        }
    }

    pub fn get(&mut self, key: &SpeechKey) -> Option<Arc<[f32]>> {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(key).map(|(samples, used)| {
            *used = clock;
            samples.clone()
        })
    }

    pub fn contains(&self, key: &SpeechKey) -> bool {
        self.entries.contains_key(key)
    }

    pub fn put(&mut self, key: SpeechKey, samples: Arc<[f32]>) {
        if samples.len() > self.limit || self.entries.contains_key(&key) {
            return;
        }
        self.clock += 1;
        self.held += samples.len();
        self.entries.insert(key, (samples, self.clock));
        while self.held > self.limit {
            let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((s, _)) = self.entries.remove(&oldest) {
                self.held -= s.len();
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A key for `text` in one voice (shared with the worker's tests).
    pub(crate) fn key(text: &str) -> SpeechKey {
        SpeechKey {
            engine: "espeak",
            voice: "en-us".into(),
            lang: "en".into(),
            rate: 1.0f32.to_bits(),
            volume: 1.0f32.to_bits(),
            pause: 1.0f32.to_bits(),
            text: text.into(),
        }
    }

    #[test]
    fn keeps_within_its_limit_dropping_the_least_used() {
        let mut cache = Cache::new(10);
        cache.put(key("a"), vec![0.0; 4].into());
        cache.put(key("b"), vec![0.0; 4].into());
        assert!(cache.get(&key("a")).is_some());
        cache.put(key("c"), vec![0.0; 4].into());
        assert!(cache.contains(&key("a")));
        assert!(!cache.contains(&key("b")));
        assert!(cache.contains(&key("c")));
        let mut other = key("a");
        other.rate = 1.1f32.to_bits();
        assert!(cache.get(&other).is_none());
        let mut longer = key("a");
        longer.pause = 1.6f32.to_bits();
        assert!(cache.get(&longer).is_none());
    }
}
