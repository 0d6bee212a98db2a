//! Unsafe code (beside `platform`'s console handler and `_exit`): a small safe face on
//! libespeak-ng (through `espeakng-sys`), in synchronous mode with a callback that
//! collects the samples.
//!
//! libespeak-ng keeps its state in process-wide globals and is not re-entrant, so the
//! one `static` mutex below stands for that library state: it is taken for
//! initialising and for every synthesis. (The `espeakng` crate is not used: its
//! callback read pointers with the wrong width and crashed.)
#![allow(unsafe_code)]

use std::ffi::{c_int, c_short, c_void, CStr, CString};
use std::sync::Mutex;

use espeakng_sys as sys;

/// libespeak-ng is linked (Linux only; `elsewhere.rs` stands in on other platforms).
pub const AVAILABLE: bool = true;

/// The library's sample rate once it is initialised.
static LIBRARY: Mutex<Option<u32>> = Mutex::new(None);

/// A handle on the initialised library.
#[derive(Debug)]
pub struct Espeak {
    pub sample_rate: u32,
}

/// Voice and prosody for one synthesis.
pub struct Prosody<'a> {
    pub voice: &'a str,
    /// Words per minute (eSpeak NG takes 80–450).
    pub wpm: i32,
    /// 0–100, 50 is eSpeak's normal.
    pub pitch: i32,
}

impl Espeak {
    /// Initialises libespeak-ng once per process.
    pub fn open() -> Result<Espeak, String> {
        let mut library = LIBRARY
            .lock()
            .map_err(|_| "eSpeak NG lock poisoned".to_string())?;
        if let Some(rate) = *library {
            return Ok(Espeak { sample_rate: rate });
        }
        // SAFETY: called with the library lock held, so never concurrently with any
        // other eSpeak call; a null path means the default espeak-ng-data folder.
        let rate = unsafe {
            sys::espeak_Initialize(
                sys::espeak_AUDIO_OUTPUT_AUDIO_OUTPUT_SYNCHRONOUS,
                0,
                std::ptr::null(),
                0,
            )
        };
        if rate <= 0 {
            return Err("libespeak-ng could not start (is espeak-ng-data installed?)".into());
        }
        // SAFETY: `collect` has exactly the signature eSpeak expects and stays valid
        // for the life of the process; the lock is held.
        unsafe { sys::espeak_SetSynthCallback(Some(collect)) };
        let rate = u32::try_from(rate).unwrap_or(22050);
        *library = Some(rate);
        Ok(Espeak { sample_rate: rate })
    }

    /// Synthesises `text` (UTF-8) and returns its 16-bit samples.
    pub fn synthesize(&self, text: &str, prosody: &Prosody<'_>) -> Result<Vec<i16>, String> {
        let text = CString::new(text.replace('\0', " ")).map_err(|e| e.to_string())?;
        let voice = CString::new(prosody.voice).map_err(|e| e.to_string())?;
        let _library = LIBRARY
            .lock()
            .map_err(|_| "eSpeak NG lock poisoned".to_string())?;
        // SAFETY: the lock is held; `voice` is a valid NUL-terminated string that
        // outlives the call.
        let found = unsafe { sys::espeak_SetVoiceByName(voice.as_ptr()) };
        if found != sys::espeak_ERROR_EE_OK {
            return Err(format!("eSpeak NG has no voice `{}`", prosody.voice));
        }
        // SAFETY: the lock is held; these only set integers in eSpeak's state.
        unsafe {
            sys::espeak_SetParameter(sys::espeak_PARAMETER_espeakRATE, prosody.wpm, 0);
            sys::espeak_SetParameter(sys::espeak_PARAMETER_espeakPITCH, prosody.pitch, 0);
            sys::espeak_SetParameter(sys::espeak_PARAMETER_espeakVOLUME, 100, 0);
        }
        let mut samples: Vec<i16> = Vec::new();
        let size = text.as_bytes_with_nul().len();
        // SAFETY: the lock is held. In synchronous mode `espeak_Synth` returns only
        // after every callback has run, so the `samples` pointer handed over as user
        // data is valid (and not otherwise borrowed) for as long as `collect` uses it.
        let result = unsafe {
            sys::espeak_Synth(
                text.as_ptr().cast::<c_void>(),
                size,
                0,
                sys::espeak_POSITION_TYPE_POS_CHARACTER,
                0,
                sys::espeakCHARS_UTF8,
                std::ptr::null_mut(),
                std::ptr::from_mut(&mut samples).cast::<c_void>(),
            )
        };
        if result != sys::espeak_ERROR_EE_OK {
            return Err(format!("eSpeak NG could not synthesise (error {result})"));
        }
        Ok(samples)
    }
}

impl Espeak {
    /// The IPA of `text` in `voice`'s language, with `^` tying the letters of one
    /// phoneme ("a^ɪ"): what Kokoro's English reads when a word is in no word list.
    pub fn ipa(&self, text: &str, voice: &str) -> Result<String, String> {
        let text = CString::new(text.replace('\0', " ")).map_err(|e| e.to_string())?;
        let voice_name = CString::new(voice).map_err(|e| e.to_string())?;
        let _library = LIBRARY
            .lock()
            .map_err(|_| "eSpeak NG lock poisoned".to_string())?;
        // SAFETY: the lock is held; `voice_name` is a valid NUL-terminated string.
        let found = unsafe { sys::espeak_SetVoiceByName(voice_name.as_ptr()) };
        if found != sys::espeak_ERROR_EE_OK {
            return Err(format!("eSpeak NG has no voice `{voice}`"));
        }
        let mode = (sys::espeakPHONEMES_IPA | sys::espeakPHONEMES_TIE).cast_signed()
            | (c_int::from(b'^') << 8);
        let mut next: *const c_void = text.as_ptr().cast::<c_void>();
        let mut out = String::new();
        // Each call reads one clause and moves `next` on; it is null at the end.
        while !next.is_null() {
            // SAFETY: the lock is held; `next` points into `text` (NUL-terminated, alive
            // for the whole loop) or is where eSpeak left it within that text.
            let phonemes = unsafe {
                sys::espeak_TextToPhonemes(
                    std::ptr::from_mut(&mut next),
                    sys::espeakCHARS_UTF8.cast_signed(),
                    mode,
                )
            };
            if phonemes.is_null() {
                break;
            }
            // SAFETY: eSpeak returns a NUL-terminated string in its own buffer, valid
            // until its next call; it is copied at once.
            let clause = unsafe { CStr::from_ptr(phonemes) }.to_string_lossy();
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(clause.trim());
        }
        Ok(out)
    }
}

/// eSpeak's synthesis callback: appends the chunk to the `Vec<i16>` passed as user
/// data. Returns 0 to go on.
unsafe extern "C" fn collect(
    wav: *mut c_short,
    count: c_int,
    events: *mut sys::espeak_EVENT,
) -> c_int {
    if wav.is_null() || count <= 0 || events.is_null() {
        return 0;
    }
    // SAFETY: eSpeak passes a valid event list with at least one (terminating) event;
    // every event carries the user data given to `espeak_Synth`.
    let user = unsafe { (*events).user_data }.cast::<Vec<i16>>();
    if user.is_null() {
        return 0;
    }
    let Ok(count) = usize::try_from(count) else {
        return 0;
    };
    // SAFETY: `wav` points at `count` samples that stay valid during this call, and
    // `user` is the `Vec<i16>` that `synthesize` lent for the duration of the
    // synchronous `espeak_Synth` (no other reference to it exists meanwhile).
    unsafe {
        let chunk = std::slice::from_raw_parts(wav, count);
        (*user).extend_from_slice(chunk);
    }
    0
}
