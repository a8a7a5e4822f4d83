// Keeps a mapped evaluation file that is cut short while it is read (the script that writes it
// run again: Python's open(path, "w") truncates first) from killing evaltop with SIGBUS.
//
// A read of a mapped page that lies past the file's end raises SIGBUS. The handler here maps
// zero-filled pages over the rest of that mapping, notes that the file was cut short, and lets
// the read go on; the loader then reports a clear error instead of numbers read from zeros.
// Written in C because the fix happens inside a signal handler, where only async-signal-safe
// calls (mmap, sigaction) may run.
#ifndef EVALTOP_MAPPED_FILE_GUARD_H
#define EVALTOP_MAPPED_FILE_GUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Watches the read-only mapping [base, base + length) and installs the SIGBUS handler (again,
/// if another one replaced it since; the one it replaces is called for every other SIGBUS).
/// Returns the mapping's slot, or -1 when every slot is taken (the mapping is then unguarded,
/// as before).
int mapped_file_guard_watch(const void *base, size_t length);

/// 1 once a read past the file's end was answered with zeros in `slot`'s mapping, else 0.
int mapped_file_guard_cut_short(int slot);

/// Stops watching `slot` (before the mapping is unmapped).
void mapped_file_guard_forget(int slot);

#ifdef __cplusplus
}
#endif

#endif
