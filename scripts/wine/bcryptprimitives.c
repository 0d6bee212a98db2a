/* A stand-in for Windows' bcryptprimitives.dll, for running tebiki's Windows build
 * under Wine 8.0 only. Rust's standard library asks that DLL for ProcessPrng (random
 * bytes for HashMap keys); Wine 8.0 does not have it, so every Rust program exits at
 * start with status c0000135. This forwards to RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. Real Windows 10 and 11 have the DLL: this file is
 * built by scripts/test-windows.sh for the tests and is NEVER shipped. */
#include <windows.h>

typedef BOOLEAN(WINAPI *gen_random_fn)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    static gen_random_fn gen_random;
    if (!gen_random) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        if (!advapi)
            return FALSE;
        gen_random = (gen_random_fn)(void *)GetProcAddress(advapi, "SystemFunction036");
        if (!gen_random)
            return FALSE;
    }
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!gen_random(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
