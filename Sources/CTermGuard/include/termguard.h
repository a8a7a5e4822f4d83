// Restores the terminal however evaltop ends: on quit, on error, on SIGINT, SIGTERM and
// SIGHUP (a dropped SSH connection), and on a crash. Written in C because a signal handler
// may only call async-signal-safe functions (write, tcsetattr, _exit), which Swift cannot
// promise.
#ifndef EVALTOP_TERMGUARD_H
#define EVALTOP_TERMGUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/// Saves the terminal's current settings (call before initscr) and installs the handlers.
/// `tty_fd` is the terminal's file descriptor (usually 1).
/// Call it from the UI thread (the one that appends to the flags journal): SIGINT, SIGTERM,
/// SIGHUP and SIGQUIT are handled there, whichever thread the kernel delivers them to.
void termguard_install(int tty_fd);

/// Call once ncurses has the screen (after initscr). Registers the restoration with atexit,
/// and while the guard is armed sends stderr to a temporary file (only when stderr is a
/// terminal), so that nothing is written over the UI; restoring replays it.
void termguard_screen_taken(void);

/// Writes the restoring escape sequences and the saved settings back, then puts stderr
/// back and replays what was written to it meanwhile. Idempotent.
void termguard_restore(void);

/// Non-zero once SIGINT, SIGTERM or SIGHUP has arrived, for an orderly shutdown when the
/// handler chose not to exit at once.
int termguard_signal_received(void);

/// Whether the guard is armed (installed and not yet restored).
int termguard_armed(void);

#ifdef __cplusplus
}
#endif

#endif
