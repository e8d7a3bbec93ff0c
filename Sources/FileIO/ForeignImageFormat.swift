/// The image and array formats other than PNG and NumPy that masks come in, by their names and magic numbers.
/// ganfilter reads PNG files and NumPy stacks alone, so a mask file of one of these is an error that names the format
/// and how to save the masks instead, not "no PNG signature"; and a folder's files of one of these, which it does not
/// contribute, are named in a note instead of being passed over in silence (`InputDiscovery`).
public enum ForeignImageFormat: CaseIterable, Sendable {
    case jpeg, tiff, bmp, gif, webp, nifti, dicom, nrrd, metaImage, pytorch

    /// Its name, as a message says it.
    public var name: String {
        switch self {
        case .jpeg: "JPEG"
        case .tiff: "TIFF"
        case .bmp: "BMP"
        case .gif: "GIF"
        case .webp: "WebP"
        case .nifti: "NIfTI"
        case .dicom: "DICOM"
        case .nrrd: "NRRD"
        case .metaImage: "MetaImage"
        case .pytorch: "PyTorch"
        }
    }

    /// The name endings (lower case) that say it.
    public var suffixes: [String] {
        switch self {
        case .jpeg: [".jpg", ".jpeg"]
        case .tiff: [".tif", ".tiff"]
        case .bmp: [".bmp"]
        case .gif: [".gif"]
        case .webp: [".webp"]
        case .nifti: [".nii", ".nii.gz"]
        case .dicom: [".dcm"]
        case .nrrd: [".nrrd"]
        case .metaImage: [".mha", ".mhd"]
        case .pytorch: [".pt", ".pth"]
        }
    }

    /// Whether `bytes`, a file's first bytes, are a file of it by its magic number; false for the formats without
    /// one to tell them by (MetaImage's header is text, and a PyTorch file is a zip archive like an `.npz`).
    func starts(_ bytes: [UInt8]) -> Bool {
        func has(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<offset + magic.count]) == magic
        }
        switch self {
        case .jpeg: return has([0xFF, 0xD8, 0xFF])
        case .tiff: return has([0x49, 0x49, 0x2A, 0x00]) || has([0x4D, 0x4D, 0x00, 0x2A])
        case .bmp: return has([0x42, 0x4D])  // "BM"
        case .gif: return has(Array("GIF8".utf8))
        case .webp: return has(Array("RIFF".utf8)) && has(Array("WEBP".utf8), at: 8)
        case .nifti: return has(Array("n+1\u{0}".utf8), at: 344) || has(Array("n+2\u{0}".utf8), at: 4)
        case .dicom: return has(Array("DICM".utf8), at: 128)
        case .nrrd: return has(Array("NRRD".utf8))
        case .metaImage, .pytorch: return false
        }
    }

    /// How many first bytes of a file `identify(name:head:)` looks at.
    public static let headLength = 352

    /// How to give ganfilter the masks of a file of it instead, as a message says it.
    public var remedy: String {
        switch self {
        case .jpeg:
            "JPEG's lossy compression blurs a mask's edges into grey levels; save masks as PNG files, or as an N x H x W "
                + "NumPy stack (np.save('masks.npy', masks))"
        case .tiff, .bmp, .gif, .webp:
            "convert the masks to PNG files (Image.open(f).save(name + '.png') with Pillow), or save them as an N x H x W "
                + "NumPy stack (np.save('masks.npy', masks))"
        case .nifti:
            "read it with nibabel (nib.load(f).get_fdata()) and save the masks as an N x H x W NumPy stack (np.save); NIfTI "
                + "puts the x axis first, so lungs lying on their side want np.swapaxes(masks, -1, -2)"
        case .dicom:
            "read it with pydicom (pydicom.dcmread(f).pixel_array) and save the masks as an N x H x W NumPy stack (np.save) "
                + "or as PNG files"
        case .nrrd, .metaImage:
            "read it with SimpleITK (sitk.GetArrayFromImage(sitk.ReadImage(f))) and save the masks as an N x H x W NumPy "
                + "stack (np.save)"
        case .pytorch:
            "save the tensor as a NumPy stack instead: np.save('masks.npy', masks.cpu().numpy()) (N x H x W, or N x 1 x H x W)"
        }
    }

    /// The format of a file named `name` whose first bytes (up to `headLength`) are `head`: by its magic number
    /// first, then by its name; nil for neither.
    public static func identify(name: String, head: [UInt8] = []) -> ForeignImageFormat? {
        if let format = allCases.first(where: { $0.starts(head) }) { return format }
        let lower = name.lowercased()
        return allCases.first { $0.suffixes.contains(where: lower.hasSuffix) }
    }
}
