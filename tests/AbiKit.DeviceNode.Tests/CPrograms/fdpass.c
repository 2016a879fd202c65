/* The node's fd passed over a Unix socket (SCM_RIGHTS) to a process that never opened it keeps working:
 * same client, same handles; user pointers are the receiver's own. */
#include "node_test.h"
#include <sys/socket.h>

static void send_fd(int sock, int fd)
{
	char data = 'f';
	struct iovec iov = { &data, 1 };
	union { struct cmsghdr h; char space[CMSG_SPACE(sizeof(int))]; } control;
	struct msghdr msg;
	struct cmsghdr *cmsg;
	memset(&msg, 0, sizeof msg);
	memset(&control, 0, sizeof control);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
	CHECK(sendmsg(sock, &msg, 0) == 1);
}

static int receive_fd(int sock)
{
	char data;
	struct iovec iov = { &data, 1 };
	union { struct cmsghdr h; char space[CMSG_SPACE(sizeof(int))]; } control;
	struct msghdr msg;
	struct cmsghdr *cmsg;
	int fd;
	memset(&msg, 0, sizeof msg);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof control.space;
	CHECK(recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) == 1);
	cmsg = CMSG_FIRSTHDR(&msg);
	CHECK(cmsg != NULL && cmsg->cmsg_type == SCM_RIGHTS);
	memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
	return fd;
}

int main(int argc, char **argv)
{
	int sv[2], fd;
	__u32 bo;
	pid_t child;
	static unsigned char buf[4096];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		__u32 handle, mine;
		int received;
		close(sv[0]);
		received = receive_fd(sv[1]);
		CHECK(read(sv[1], &handle, sizeof handle) == (ssize_t)sizeof handle);
		CHECK(bo_pread(received, handle, 0, buf, sizeof buf) == 0 && all_bytes(buf, sizeof buf, 0x7a));
		memset(buf, 0x7b, 10);
		CHECK(bo_pwrite(received, handle, 0, buf, 10) == 0);
		mine = bo_create(received, 4096, ABIKIT_CACHING_CACHED); /* same client: a new handle next to the sender's */
		CHECK(mine != handle);
		CHECK(write(sv[1], &mine, sizeof mine) == (ssize_t)sizeof mine);
		close(received);
		_exit(0);
	}
	close(sv[1]);
	fd = node_open(argv[argc - 1]); /* opened after the fork: the child gets it only through the socket */
	bo = bo_create(fd, sizeof buf, ABIKIT_CACHING_CACHED);
	memset(buf, 0x7a, sizeof buf);
	CHECK(bo_pwrite(fd, bo, 0, buf, sizeof buf) == 0);
	send_fd(sv[0], fd);
	CHECK(write(sv[0], &bo, sizeof bo) == (ssize_t)sizeof bo);
	{
		__u32 theirs;
		CHECK(read(sv[0], &theirs, sizeof theirs) == (ssize_t)sizeof theirs);
		reap(child);
		bo_close(fd, theirs); /* the receiver's object is this client's too */
	}
	CHECK(bo_pread(fd, bo, 0, buf, sizeof buf) == 0);
	CHECK(all_bytes(buf, 10, 0x7b) && all_bytes(buf + 10, sizeof buf - 10, 0x7a));
	close(fd);
	puts("ok");
	return 0;
}
