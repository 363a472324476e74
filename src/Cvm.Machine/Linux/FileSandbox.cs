namespace Cvm.Machine.Linux;

/// <summary>
/// Maps guest paths to host paths inside one allowed root directory, which the guest sees as "/". Resolution is
/// lexical first (".." may not climb above the root: refused, never clamped), so the host never sees a ".." from
/// the guest; then every existing component that is a symbolic link must resolve, finally, to a place inside the
/// root. A guest with no root sees no files at all.
/// </summary>
public sealed class FileSandbox
{
    private readonly string? _root;

    /// <summary>A sandbox rooted at <paramref name="root"/> (which must exist), or one with no files when null.</summary>
    public FileSandbox(string? root)
    {
        if (root is null)
        {
            return;
        }
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"the guest file root '{root}' is not a directory");
        }
        _root = ResolveFinal(full).TrimEnd(Path.DirectorySeparatorChar);
    }

    /// <summary>The host path for a guest path, or a negative errno (ENOENT when there is no root, EACCES on an escape).</summary>
    public (string? HostPath, long Error) Resolve(string guestPath)
    {
        if (_root is null)
        {
            return (null, -LinuxErrors.ENOENT);
        }
        if (guestPath.Length == 0)
        {
            return (null, -LinuxErrors.ENOENT);
        }
        if (guestPath.Contains('\0'))
        {
            return (null, -LinuxErrors.EINVAL);
        }
        var components = new List<string>();
        foreach (var part in guestPath.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (components.Count == 0)
                {
                    return (null, -LinuxErrors.EACCES);
                }
                components.RemoveAt(components.Count - 1);
                continue;
            }
            components.Add(part);
        }

        try
        {
            return CheckLinks(components);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A path the host will not let us inspect is one the guest may not use.
            return (null, -LinuxErrors.EACCES);
        }
    }

    private (string? HostPath, long Error) CheckLinks(List<string> components)
    {
        var path = _root!;
        foreach (var component in components)
        {
            path = Path.Combine(path, component);
            FileSystemInfo info = new FileInfo(path);
            if (info.LinkTarget is null)
            {
                continue;
            }
            try
            {
                var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
                if (target is null || !IsInsideRoot(ResolveFinal(target)))
                {
                    return (null, -LinuxErrors.EACCES);
                }
            }
            catch (IOException)
            {
                // A cycle, or a chain too long to follow.
                return (null, -LinuxErrors.ELOOP);
            }
        }
        return (path, 0);
    }

    private bool IsInsideRoot(string fullPath) =>
        fullPath == _root || fullPath.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link in its existing prefix resolved.</summary>
    private static string ResolveFinal(string fullPath)
    {
        var parent = Path.GetDirectoryName(fullPath);
        var resolvedParent = parent is null ? null : ResolveFinal(parent);
        var path = resolvedParent is null ? fullPath : Path.Combine(resolvedParent, Path.GetFileName(fullPath));
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target)
        {
            return ResolveFinal(target.FullName);
        }
        return path;
    }
}
