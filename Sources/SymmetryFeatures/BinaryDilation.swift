import MaskImage

/// Binary dilation of `mask` by the square `(2 radius + 1) x (2 radius + 1)` structuring element,
/// with pixels outside the mask counting as background (as `scipy.ndimage.binary_dilation` with
/// `border_value=0` and `cv2.dilate` with its default border).
///
/// The square element is separable, so the mask is dilated along rows, then along columns. Each
/// direction grows the covered window by doubling: after covering `[-c, c]`, OR-ing in the shifts by
/// `±s` with `s <= c + 1` covers `[-(c + s), c + s]`, so a radius `r` takes about `log2 r` steps.
public func binaryDilation(_ mask: BinaryMask, radius: Int) -> BinaryMask {
    precondition(radius >= 0, "dilation radius must not be negative")
    guard radius > 0, mask.width > 0, mask.height > 0 else { return mask }
    let wordsPerRow = mask.wordsPerRow
    let lastWordBits = BinaryMask.lowBits(mask.width % 64 == 0 ? 64 : mask.width % 64)
    var words = mask.words
    var shifted = [UInt64](repeating: 0, count: words.count)

    var covered = 0
    while covered < radius {
        let step = min(covered + 1, radius - covered)
        let wordShift = step >> 6
        let bitShift = UInt64(step & 63)
        words.withUnsafeMutableBufferPointer { current in
            shifted.withUnsafeMutableBufferPointer { previous in
                _ = previous.update(fromContentsOf: current)
                for y in 0..<mask.height {
                    let base = y * wordsPerRow
                    for k in 0..<wordsPerRow {
                        // Towards higher columns: column c gains column c - step.
                        var up: UInt64 = 0
                        if k >= wordShift {
                            up = previous[base + k - wordShift] << bitShift
                            if bitShift != 0 && k > wordShift {
                                up |= previous[base + k - wordShift - 1] >> (64 - bitShift)
                            }
                        }
                        // Towards lower columns: column c gains column c + step.
                        var down: UInt64 = 0
                        if k + wordShift < wordsPerRow {
                            down = previous[base + k + wordShift] >> bitShift
                            if bitShift != 0 && k + wordShift + 1 < wordsPerRow {
                                down |= previous[base + k + wordShift + 1] << (64 - bitShift)
                            }
                        }
                        current[base + k] |= up | down
                    }
                    current[base + wordsPerRow - 1] &= lastWordBits
                }
            }
        }
        covered += step
    }

    covered = 0
    while covered < radius {
        let step = min(covered + 1, radius - covered)
        words.withUnsafeMutableBufferPointer { current in
            shifted.withUnsafeMutableBufferPointer { previous in
                _ = previous.update(fromContentsOf: current)
                for y in 0..<mask.height {
                    let base = y * wordsPerRow
                    if y >= step {
                        let above = base - step * wordsPerRow
                        for k in 0..<wordsPerRow { current[base + k] |= previous[above + k] }
                    }
                    if y + step < mask.height {
                        let below = base + step * wordsPerRow
                        for k in 0..<wordsPerRow { current[base + k] |= previous[below + k] }
                    }
                }
            }
        }
        covered += step
    }
    // Rows keep their clear padding bits, so the words always form a valid mask.
    return BinaryMask(width: mask.width, height: mask.height, words: words) ?? mask
}
