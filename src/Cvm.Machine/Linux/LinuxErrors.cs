namespace Cvm.Machine.Linux;

/// <summary>Linux errno values (asm-generic) the personality returns, negated, in a0.</summary>
public static class LinuxErrors
{
    public const long EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EBADF = 9, EAGAIN = 11, ENOMEM = 12, EACCES = 13;
    public const long EFAULT = 14, EEXIST = 17, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EMFILE = 24, ENOTTY = 25;
    public const long EFBIG = 27, ESPIPE = 29, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38, ELOOP = 40, ENODEV = 19, EPIPE = 32;
}
