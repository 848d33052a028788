namespace LlmLoad.Core.Workload;

/// <summary>Opens dataset files, turning I/O failures into one-line <see cref="WorkloadException"/>s.</summary>
internal static class DatasetFile
{
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WorkloadException($"{path}: file not found.", e);
        }
        catch (UnauthorizedAccessException e) when (Directory.Exists(path))
        {
            // opening a directory reports "access denied", which sends the user after permissions
            throw new WorkloadException($"{path} is a directory; give the dataset file.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkloadException($"{path}: cannot read the file ({e.Message}).", e);
        }
    }
}
