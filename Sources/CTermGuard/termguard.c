#include "termguard.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int guard_fd = -1;
static volatile sig_atomic_t guard_armed = 0;
static volatile sig_atomic_t guard_signal = 0;
static struct termios saved_termios;
static int have_termios = 0;
// While the UI owns the terminal, stderr goes to an unlinked temporary file: a message
// written then (a Swift fatal error, a library's warning) would be drawn over the screen
// and lost with the alternate screen. Restoring the terminal replays it.
static int saved_stderr = -1;
static int captured_stderr = -1;

static void write_all(int fd, const char *bytes, ssize_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, (size_t)count);
        if (n <= 0) return;
        bytes += n;
        count -= n;
    }
}

// Puts stderr back and copies what was captured to it. Async-signal-safe.
static void release_stderr(void) {
    if (saved_stderr < 0) return;
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    saved_stderr = -1;
    if (lseek(captured_stderr, 0, SEEK_SET) == 0) {
        char chunk[4096];
        ssize_t n;
        while ((n = read(captured_stderr, chunk, sizeof chunk)) > 0) write_all(STDERR_FILENO, chunk, n);
    }
    close(captured_stderr);
    captured_stderr = -1;
}

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
    release_stderr();
}

void termguard_screen_taken(void) {
    // From now on any exit() restores too. Not before: leaving an alternate screen that
    // was never entered would move the cursor to a stale saved position.
    static int registered = 0;
    if (!registered) {
        registered = 1;
        atexit(termguard_restore);
    }
    if (saved_stderr >= 0 || !isatty(STDERR_FILENO)) return;
    char path[] = "/tmp/evaltop-stderr.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return;
    unlink(path);
    int saved = dup(STDERR_FILENO);
    if (saved < 0 || dup2(fd, STDERR_FILENO) < 0) {
        if (saved >= 0) close(saved);
        close(fd);
        return;
    }
    saved_stderr = saved;
    captured_stderr = fd;
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
