/* close(2) of the fd while another thread is inside an ioctl: the ioctl completes normally, the file is released
 * after it, and the fd is gone for later calls. The main thread closes only once the kernel shows the other
 * thread inside ioctl(2) (/proc/self/task/TID/syscall), so the close really races a request in flight. */
#include "node_test.h"
#include <pthread.h>
#include <sys/syscall.h>

static pid_t waiter_tid;

/* True once the waiter thread sits in the ioctl syscall (blocked on the node's answer). */
static int waiter_in_ioctl(void)
{
	char path[64], text[64];
	int f, n;
	snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)waiter_tid);
	f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return 0;
	n = (int)read(f, text, sizeof text - 1);
	close(f);
	if (n <= 0)
		return 0;
	text[n] = 0;
	return atoi(text) == SYS_ioctl;
}

static int fd;
static __u32 bo;
static int wait_result = -2, wait_errno;
static int started[2];

static void *waiter(void *arg)
{
	struct drm_abikit_wait w;
	(void)arg;
	memset(&w, 0, sizeof w);
	w.handle = bo;
	w.timeout_ns = -1;
	waiter_tid = (pid_t)syscall(SYS_gettid);
	CHECK(write(started[1], "w", 1) == 1);
	wait_result = xioctl(fd, DRM_IOCTL_ABIKIT_WAIT, &w);
	wait_errno = errno;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t thread;
	struct drm_abikit_submit s;
	struct drm_abikit_get_param p;
	char c;
	int round, queued, polls, raced = 0;
	size_t size = 64u << 20;

	for (round = 0; round < 8; round++) {
		fd = node_open(argv[argc - 1]);
		bo = bo_create(fd, size, ABIKIT_CACHING_CACHED);
		memset(&s, 0, sizeof s);
		s.op = ABIKIT_OP_FILL;
		s.dst_handle = bo;
		s.size = size;
		s.value = 0xee;
		for (queued = 0; queued < 8; queued++) /* keep the engine busy long enough to catch WAIT in flight */
			CHECK(xioctl(fd, DRM_IOCTL_ABIKIT_SUBMIT, &s) == 0);
		CHECK(pipe(started) == 0);
		CHECK(pthread_create(&thread, NULL, waiter, NULL) == 0);
		CHECK(read(started[0], &c, 1) == 1);
		for (polls = 0; polls < 1000000 && !waiter_in_ioctl(); polls++)
			sched_yield();
		raced += waiter_in_ioctl();
		CHECK(close(fd) == 0);
		CHECK(pthread_join(thread, NULL) == 0);
		if (wait_result != 0) {
			fprintf(stderr, "WAIT returned %d errno %d (%s) after a concurrent close\n", wait_result, wait_errno, strerror(wait_errno));
			return 1;
		}
		memset(&p, 0, sizeof p);
		p.param = ABIKIT_PARAM_PAGE_SIZE;
		CHECK_ERRNO(xioctl(fd, DRM_IOCTL_ABIKIT_GET_PARAM, &p), EBADF);
		close(started[0]);
		close(started[1]);
	}
	CHECK(raced > 0); /* at least one close really happened during the WAIT */
	puts("ok");
	return 0;
}
