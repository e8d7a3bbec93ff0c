import FileIO

/// A file of vectors (`.npy`, `.npz`, or a CSV read through `VectorSource`) that cannot be read: the file and
/// why, as any file that cannot be read.
public typealias VectorFileError = FileBytes.ReadError
