#include "termguard.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int guard_fd = -1;
static volatile sig_atomic_t guard_armed = 0;
static volatile sig_atomic_t guard_signal = 0;
static struct termios saved_termios;
static int have_termios = 0;

// Mouse reporting off, attributes reset, cursor visible, keypad (application mode) off,
// bracketed paste off, and leave the alternate screen: what ncurses' endwin would undo.
static const char restore_sequence[] =
    "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?1015l"
    "\033[?2004l"
    "\033[0m\033[?25h\033[?1l\033>"
    "\033[?1049l";

void termguard_restore(void) {
    if (!guard_armed) return;
    guard_armed = 0;
    if (guard_fd >= 0) {
        ssize_t ignored = write(guard_fd, restore_sequence, sizeof(restore_sequence) - 1);
        (void)ignored;
        if (have_termios) tcsetattr(guard_fd, TCSAFLUSH, &saved_termios);
    }
}

static void on_terminating_signal(int sig) {
    guard_signal = sig;
    termguard_restore();
    // Exit with the conventional status for a signal death, without running atexit
    // handlers that may not be async-signal-safe. Flags are fsynced when saved, so
    // nothing acknowledged is lost.
    _exit(128 + sig);
}

static void on_crash_signal(int sig) {
    termguard_restore();
    // Re-raise with the default action so the crash is still reported (core dump, status).
    signal(sig, SIG_DFL);
    raise(sig);
}

void termguard_install(int tty_fd) {
    guard_fd = tty_fd;
    have_termios = (tcgetattr(tty_fd, &saved_termios) == 0);
    guard_armed = 1;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_terminating_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);

    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    sigemptyset(&crash.sa_mask);
    crash.sa_handler = on_crash_signal;
    crash.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &crash, NULL);
    sigaction(SIGBUS, &crash, NULL);
    sigaction(SIGILL, &crash, NULL);
    sigaction(SIGTRAP, &crash, NULL);
    sigaction(SIGFPE, &crash, NULL);
    sigaction(SIGABRT, &crash, NULL);
}

int termguard_signal_received(void) { return guard_signal; }

int termguard_armed(void) { return guard_armed; }
