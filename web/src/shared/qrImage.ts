// Reading the QR code of an offline proof from a photo or an image file, in the browser (jsQR).
// The proof is UTF-8 text in byte mode; a photo is tried at a few scales because jsQR finds a
// code best when it spans a few hundred pixels.
import jsQR from 'jsqr'

/** The text of the QR code in RGBA pixels, or null when none is found. */
export function decodeQrPixels(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  const code = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' })
  if (!code) return null
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(code.binaryData))
  } catch {
    return code.data
  }
}

function loadImage(file: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file)
    const img = new Image()
    img.onload = () => {
      URL.revokeObjectURL(url)
      resolve(img)
    }
    img.onerror = () => {
      URL.revokeObjectURL(url)
      reject(new Error('无法读取该图片'))
    }
    img.src = url
  })
}

/** The text of the QR code in an image file (a photo, a scan, an SVG), or null when none is found. */
export async function decodeQrFile(file: Blob): Promise<string | null> {
  const img = await loadImage(file)
  const w = img.naturalWidth || img.width
  const h = img.naturalHeight || img.height
  if (!w || !h) throw new Error('无法读取该图片')
  const longest = Math.max(w, h)
  // Small images (an SVG at its own size) are enlarged; photos are tried smaller first.
  const targets = longest < 600 ? [1000] : [1200, 1800, 800, longest].filter((t, i, a) => t <= longest && a.indexOf(t) === i)
  if (!targets.length) targets.push(longest)
  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (!ctx) throw new Error('浏览器不支持读取图片')
  for (const t of targets) {
    const scale = t / longest
    canvas.width = Math.max(1, Math.round(w * scale))
    canvas.height = Math.max(1, Math.round(h * scale))
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.imageSmoothingEnabled = scale < 1
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height)
    const text = decodeQrPixels(data.data, data.width, data.height)
    if (text !== null) return text
  }
  return null
}
