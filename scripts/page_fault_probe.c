// Times first-touch page faults on 160 MB (or argv[2] MB) of anonymous memory: mode 0 with 4 KB
// pages, 1 with transparent huge pages (MADV_HUGEPAGE), 2 prefaulted (MADV_POPULATE_WRITE).
// BENCHMARKS.md "Ninth pass": on a guest whose balloon reports free memory, huge pages are
// fast right after another run and several times slower after a pause.
// Build and run: gcc -O2 scripts/page_fault_probe.c -o /tmp/probe && for m in 0 1 0 1; do /tmp/probe $m 160; sleep 4; done
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <stdint.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  int mode=atoi(argv[1]); size_t n=(size_t)atoi(argv[2])<<20;
  double t0=now();
  char*p=mmap(0,n,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0);
  uintptr_t s=((uintptr_t)p+(2<<20)-1)&~((uintptr_t)(2<<20)-1), e=((uintptr_t)p+n)&~((uintptr_t)(2<<20)-1);
  if(mode==1) madvise((void*)s,e-s,MADV_HUGEPAGE);
  if(mode==2) madvise(p,n,MADV_POPULATE_WRITE);
  for(size_t i=0;i<n;i+=4096) p[i]=1;
  double t1=now();
  munmap(p,n);
  double t2=now();
  printf("mode %d: touch %.1f ms, unmap %.1f ms\n",mode,(t1-t0)*1e3,(t2-t1)*1e3);
}
