#define _GNU_SOURCE
#include "mapped_file_guard.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// A file opened by each load, summary read and summarize pass: a few at a time at most.
#define SLOT_COUNT 64

typedef struct {
    _Atomic uintptr_t base;   // 0: the slot is free
    _Atomic size_t length;
    atomic_int cut_short;
} Slot;

static Slot slots[SLOT_COUNT];
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction previous;      // the handler before ours, for every other SIGBUS
static _Atomic uintptr_t page_mask;    // sysconf is not async-signal-safe: read it beforehand

static void on_sigbus(int signal, siginfo_t *info, void *context);

// Hands this SIGBUS to the handler that was there before ours. A fault is answered by putting
// that handler back and returning: the read runs again and the kernel delivers its SIGBUS to that
// handler with its own flags (SA_RESETHAND, SA_SIGINFO); a SIGBUS sent by kill or raise is sent
// again, to be delivered once this handler returns.
static void pass_on(int signal, const siginfo_t *info) {
    sigaction(SIGBUS, &previous, NULL);
    if (info == NULL || info->si_code <= 0) raise(signal);
}

static void on_sigbus(int signal, siginfo_t *info, void *context) {
    (void)context;
    if (info != NULL && info->si_code == BUS_ADRERR) {
        uintptr_t address = (uintptr_t)info->si_addr;
        uintptr_t mask = atomic_load(&page_mask);
        for (int index = 0; index < SLOT_COUNT; index++) {
            uintptr_t base = atomic_load(&slots[index].base);
            if (base == 0) continue;
            size_t length = atomic_load(&slots[index].length);
            if (address < base || address - base >= length) continue;
            // Every page from the faulting one to the mapping's end lies past the file's end
            // now: zeros in their place, so that this read and every later one go on.
            uintptr_t page = address & ~mask;
            uintptr_t end = (base + length + mask) & ~mask;
            void *zeros = mmap((void *)page, end - page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (zeros != MAP_FAILED) {
                atomic_store(&slots[index].cut_short, 1);
                return;
            }
            break;
        }
    }
    pass_on(signal, info);
}

// Installs on_sigbus unless it is already the handler; the one it replaces becomes `previous`.
// Called under install_lock.
static void install_handler(void) {
    struct sigaction current;
    if (sigaction(SIGBUS, NULL, &current) != 0) return;
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_sigbus) return;
    struct sigaction ours;
    memset(&ours, 0, sizeof ours);
    sigemptyset(&ours.sa_mask);
    ours.sa_sigaction = on_sigbus;
    ours.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
    // `previous` is read by the handler: written before ours is installed.
    previous = current;
    sigaction(SIGBUS, &ours, NULL);
}

int mapped_file_guard_watch(const void *base, size_t length) {
    if (base == NULL || length == 0) return -1;
    pthread_mutex_lock(&install_lock);
    if (atomic_load(&page_mask) == 0) atomic_store(&page_mask, (uintptr_t)sysconf(_SC_PAGESIZE) - 1);
    install_handler();
    int found = -1;
    for (int index = 0; index < SLOT_COUNT; index++) {
        if (atomic_load(&slots[index].base) != 0) continue;
        atomic_store(&slots[index].cut_short, 0);
        atomic_store(&slots[index].length, length);
        atomic_store(&slots[index].base, (uintptr_t)base);  // last: the slot is live from here
        found = index;
        break;
    }
    pthread_mutex_unlock(&install_lock);
    return found;
}

int mapped_file_guard_cut_short(int slot) {
    if (slot < 0 || slot >= SLOT_COUNT) return 0;
    return atomic_load(&slots[slot].cut_short);
}

void mapped_file_guard_forget(int slot) {
    if (slot < 0 || slot >= SLOT_COUNT) return;
    pthread_mutex_lock(&install_lock);
    atomic_store(&slots[slot].base, 0);
    pthread_mutex_unlock(&install_lock);
}
