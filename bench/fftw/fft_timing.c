/*
 * fft_timing.c: times FFTW's in-place complex transforms on the NUFFT fine grids, so that
 * nufft4j's FFT step (plan.lastTimes().fft(), FftBench) can be put beside FFTW's on the
 * same machine. Not run by CI; build and run commands are in README.md beside this file.
 *
 * For every case (grid x precision x planner flag x threads) it plans an in-place complex
 * transform (FFTW_FORWARD, sign -1; the other sign costs the same), then times `runs`
 * executions after `warmup` untimed ones. Before every execution the array is refilled
 * from a saved copy of the same pseudo-random data (untimed), so values never grow and
 * every run transforms the same input. Wisdom is forgotten before each plan, so an
 * FFTW_ESTIMATE plan never reuses what an FFTW_MEASURE plan learnt. One table line per
 * case; the median is what to quote, min and max show the spread.
 *
 * Usage: fft_timing [runs=N] [warmup=N] [threads=1,2] [flags=estimate,measure]
 *                   [prec=double,float] [grids=all|big|small|NAME,...]
 * grid names: 1d-2e6 2d-2000 3d-200 1d-65536 1d-2e4 1d-2e5 2d-512 3d-64
 */
#define _POSIX_C_SOURCE 200809L
#include <fftw3.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *name;
    int rank;
    int n[3];
    int big; /* one of the fine grids of issue 11 (1e6, 1000^2, 100^3 modes at sigma 2) */
} grid_t;

static const grid_t GRIDS[] = {
    {"1d-2e6", 1, {2000000, 1, 1}, 1},
    {"2d-2000", 2, {2000, 2000, 1}, 1},
    {"3d-200", 3, {200, 200, 200}, 1},
    {"1d-65536", 1, {65536, 1, 1}, 0},
    {"1d-2e4", 1, {20000, 1, 1}, 0},   /* 2e6's factors 2 and 5, in L2 */
    {"1d-2e5", 1, {200000, 1, 1}, 0},  /* the same, just beyond L2 */
    {"2d-512", 2, {512, 512, 1}, 0},
    {"3d-64", 3, {64, 64, 64}, 0},
};
#define NGRIDS ((int)(sizeof GRIDS / sizeof GRIDS[0]))

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* splitmix64: reproducible data in [-1, 1) */
static uint64_t rng_state;
static double next_uniform(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* does `list` (comma-separated) contain `word`? */
static int has(const char *list, const char *word) {
    size_t len = strlen(word);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == len && strncmp(p, word, len) == 0) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

typedef struct {
    double plan_ms, med, min, max;
} result_t;

/* One function per precision, written once through a macro over FFTW's prefixes. */
#define DEFINE_TIME_CASE(FN, PFX, REAL)                                                    \
    static result_t FN(const grid_t *g, unsigned flag, int threads, int warmup, int runs) { \
        size_t total = (size_t)g->n[0] * g->n[1] * g->n[2];                                 \
        PFX##_complex *a = PFX##_alloc_complex(total);                                      \
        PFX##_complex *src = PFX##_alloc_complex(total);                                    \
        if (!a || !src) {                                                                   \
            fprintf(stderr, "out of memory for %s\n", g->name);                             \
            exit(2);                                                                        \
        }                                                                                   \
        rng_state = 12345;                                                                  \
        for (size_t i = 0; i < total; i++) {                                                \
            src[i][0] = (REAL)next_uniform();                                               \
            src[i][1] = (REAL)next_uniform();                                               \
        }                                                                                   \
        PFX##_forget_wisdom();                                                              \
        PFX##_plan_with_nthreads(threads);                                                  \
        double t0 = now_ms();                                                               \
        PFX##_plan p = PFX##_plan_dft(g->rank, g->n, a, a, FFTW_FORWARD, flag);             \
        result_t r;                                                                         \
        r.plan_ms = now_ms() - t0;                                                          \
        if (!p) {                                                                           \
            fprintf(stderr, "no plan for %s\n", g->name);                                   \
            exit(2);                                                                        \
        }                                                                                   \
        double *t = malloc(sizeof(double) * (size_t)runs);                                  \
        for (int i = 0; i < warmup + runs; i++) {                                           \
            memcpy(a, src, total * sizeof *a);                                              \
            double s = now_ms();                                                            \
            PFX##_execute(p);                                                               \
            double e = now_ms() - s;                                                        \
            if (i >= warmup) t[i - warmup] = e;                                             \
        }                                                                                   \
        r.min = r.max = t[0];                                                               \
        for (int i = 1; i < runs; i++) {                                                    \
            if (t[i] < r.min) r.min = t[i];                                                 \
            if (t[i] > r.max) r.max = t[i];                                                 \
        }                                                                                   \
        r.med = median(t, runs);                                                            \
        free(t);                                                                            \
        PFX##_destroy_plan(p);                                                              \
        PFX##_free(a);                                                                      \
        PFX##_free(src);                                                                    \
        return r;                                                                           \
    }

DEFINE_TIME_CASE(time_double, fftw, double)
DEFINE_TIME_CASE(time_float, fftwf, float)

static void print_cpu(void) {
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    int cpus = 0;
    char model[256] = "unknown";
    if (f) {
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "model name", 10) == 0) {
                cpus++;
                char *c = strchr(line, ':');
                if (c) {
                    snprintf(model, sizeof model, "%s", c + 2);
                    model[strcspn(model, "\n")] = 0;
                }
            }
        }
        fclose(f);
    }
    printf("# cpu: %s, %d logical cpus\n", model, cpus);
}

int main(int argc, char **argv) {
    int runs = 9, warmup = 2;
    const char *threads = "1,2", *flags = "estimate,measure", *prec = "double,float";
    const char *grids = "all";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "runs=", 5) == 0) runs = atoi(a + 5);
        else if (strncmp(a, "warmup=", 7) == 0) warmup = atoi(a + 7);
        else if (strncmp(a, "threads=", 8) == 0) threads = a + 8;
        else if (strncmp(a, "flags=", 6) == 0) flags = a + 6;
        else if (strncmp(a, "prec=", 5) == 0) prec = a + 5;
        else if (strncmp(a, "grids=", 6) == 0) grids = a + 6;
        else {
            fprintf(stderr,
                    "usage: %s [runs=N] [warmup=N] [threads=1,2] [flags=estimate,measure]\n"
                    "          [prec=double,float] [grids=all|big|small|NAME,...]\n",
                    argv[0]);
            return 1;
        }
    }
    if (runs < 1 || warmup < 0) {
        fprintf(stderr, "runs must be >= 1, warmup >= 0\n");
        return 1;
    }
    if (!fftw_init_threads() || !fftwf_init_threads()) {
        fprintf(stderr, "fftw_init_threads failed\n");
        return 2;
    }
    printf("# %s\n", fftw_version);
    print_cpu();
    printf("# in-place complex, FFTW_FORWARD, median of %d runs after %d warm-up, ms\n", runs,
           warmup);
    printf("%-8s %-6s %-15s %-8s %3s %10s %10s %10s %10s %8s\n", "grid", "prec", "shape",
           "flag", "thr", "plan_ms", "median_ms", "min_ms", "max_ms", "gflops");
    int nthr_list[8], nthr = 0;
    for (const char *p = threads; *p && nthr < 8;) {
        nthr_list[nthr++] = atoi(p);
        const char *e = strchr(p, ',');
        if (!e) break;
        p = e + 1;
    }
    for (int gi = 0; gi < NGRIDS; gi++) {
        const grid_t *g = &GRIDS[gi];
        int want = has(grids, "all") || has(grids, g->name) || (g->big && has(grids, "big")) ||
                   (!g->big && has(grids, "small"));
        if (!want) continue;
        char shape[64];
        if (g->rank == 1) snprintf(shape, sizeof shape, "%d", g->n[0]);
        else if (g->rank == 2) snprintf(shape, sizeof shape, "%dx%d", g->n[0], g->n[1]);
        else snprintf(shape, sizeof shape, "%dx%dx%d", g->n[0], g->n[1], g->n[2]);
        double total = (double)g->n[0] * g->n[1] * g->n[2];
        for (int pi = 0; pi < 2; pi++) {
            const char *pname = pi == 0 ? "double" : "float";
            if (!has(prec, pname)) continue;
            for (int fi = 0; fi < 2; fi++) {
                const char *fname = fi == 0 ? "estimate" : "measure";
                if (!has(flags, fname)) continue;
                unsigned flag = fi == 0 ? FFTW_ESTIMATE : FFTW_MEASURE;
                for (int ti = 0; ti < nthr; ti++) {
                    int t = nthr_list[ti];
                    result_t r = pi == 0 ? time_double(g, flag, t, warmup, runs)
                                         : time_float(g, flag, t, warmup, runs);
                    /* the conventional 5 N log2 N flop count of a complex FFT */
                    double gflops = 5.0 * total * log2(total) / (r.med * 1e6);
                    printf("%-8s %-6s %-15s %-8s %3d %10.1f %10.2f %10.2f %10.2f %8.2f\n",
                           g->name, pname, shape, fname, t, r.plan_ms, r.med, r.min, r.max,
                           gflops);
                    fflush(stdout);
                }
            }
        }
    }
    return 0;
}
