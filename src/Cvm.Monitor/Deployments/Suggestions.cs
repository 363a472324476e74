namespace Cvm.Monitor.Deployments;

/// <summary>"Did you mean" for misspelt keys and names.</summary>
internal static class Suggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="word"/> by edit distance (ignoring case), if it is close enough to
    /// be a typo: at most a third of the word's letters differ (so a one- or two-letter word is matched only up to
    /// case, and 'b' is never offered for 'c').
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        int allowed = word.Length / 3;
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= allowed && distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return best;
    }

    /// <summary>Levenshtein distance; words longer than 64 characters are never typos of a schema key.</summary>
    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
