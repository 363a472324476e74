using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Cvm.Generators.Model;

/// <summary>
/// An immutable array compared by its elements, so that pipeline models holding one stay equal when they
/// describe the same contract (ImmutableArray and T[] compare by reference, which would defeat caching).
/// </summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? items;

    public EquatableArray(T[] items) => this.items = items;

    public static EquatableArray<T> Empty => new(Array.Empty<T>());

    public int Count => items?.Length ?? 0;

    public T this[int index] => (items ?? Array.Empty<T>())[index];

    public bool Equals(EquatableArray<T> other)
    {
        var mine = items ?? Array.Empty<T>();
        var theirs = other.items ?? Array.Empty<T>();
        if (mine.Length != theirs.Length)
        {
            return false;
        }
        for (var i = 0; i < mine.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(mine[i], theirs[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var item in items ?? Array.Empty<T>())
        {
            hash = unchecked((hash * 31) + (item is null ? 0 : item.GetHashCode()));
        }
        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

internal static class EquatableArray
{
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => new(System.Linq.Enumerable.ToArray(items));

    public static EquatableArray<T> ToEquatableArray<T>(this ImmutableArray<T> items)
        where T : IEquatable<T> => new(items.IsDefault ? Array.Empty<T>() : System.Linq.ImmutableArrayExtensions.ToArray(items));
}
