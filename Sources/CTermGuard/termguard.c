#define _GNU_SOURCE  // pipe2
#include "termguard.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int guard_fd = -1;
static volatile sig_atomic_t guard_armed = 0;
static volatile sig_atomic_t guard_signal = 0;
static struct termios saved_termios;
// The thread that installed the guard: the UI's, which is also the one that appends to the
// flags journal.
static pthread_t guard_thread;
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

// SIGKILL cannot be caught, so a process of its own restores the terminal then: the
// guardian, forked when the screen is taken, waits on a pipe whose only writer is evaltop.
// A byte on it means evaltop restored the terminal itself; end-of-file without one means
// evaltop died without doing so, and the guardian writes the same restoring sequences and
// settings. It only calls async-signal-safe functions (it is forked from a threaded process).
static int guardian_fd = -1;
static pid_t guardian_pid = -1;

static void restore_terminal_settings(void);

static void guardian_wait(int read_fd) {
    // Ctrl-C, a hangup or job control aimed at evaltop's process group must not end the
    // guardian first; and once evaltop is gone the shell takes the terminal back, so the
    // guardian writes from a background group (SIGTTOU ignored lets it).
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    char byte;
    ssize_t n;
    do { n = read(read_fd, &byte, 1); } while (n < 0 && errno == EINTR);
    if (n == 0) restore_terminal_settings();
    _exit(0);
}

static void spawn_guardian(void) {
    if (guardian_fd >= 0 || guard_fd < 0 || !have_termios) return;
    if (guardian_pid > 0) { waitpid(guardian_pid, NULL, WNOHANG); guardian_pid = -1; }  // an earlier one (after a suspend)
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[1]);
        guardian_wait(fds[0]);
    }
    close(fds[0]);
    if (pid < 0) { close(fds[1]); return; }
    guardian_pid = pid;
    guardian_fd = fds[1];
}

// Tells the guardian that the terminal is restored. Async-signal-safe.
static void dismiss_guardian(void) {
    if (guardian_fd < 0) return;
    ssize_t ignored = write(guardian_fd, "r", 1);
    (void)ignored;
    close(guardian_fd);
    guardian_fd = -1;
}

static void restore_terminal_settings(void) {
    if (guard_fd < 0) return;
    ssize_t ignored = write(guard_fd, restore_sequence, sizeof(restore_sequence) - 1);
    (void)ignored;
    if (have_termios) tcsetattr(guard_fd, TCSAFLUSH, &saved_termios);
}

void termguard_restore(void) {
    if (!guard_armed) return;
    guard_armed = 0;
    dismiss_guardian();
    restore_terminal_settings();
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
    spawn_guardian();
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
    // The kernel hands a process-wide signal to any thread. Handled on a background thread,
    // the _exit below would end the UI thread wherever it is, possibly inside the write(2) of
    // a journal event (a write the process's exit cuts short at a page boundary: a torn
    // line). Passed on to the UI thread instead, it runs there between system calls: a write
    // to a regular file is never interrupted by a caught signal, so the event is whole.
    if (!pthread_equal(pthread_self(), guard_thread)) {
        pthread_kill(guard_thread, sig);
        return;
    }
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
    guard_thread = pthread_self();
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
