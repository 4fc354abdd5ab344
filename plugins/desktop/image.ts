// Screenshot pixels to a model-ready PNG: drop the alpha channel (nut-js captures with alpha 0), scale down with an
// area average, encode as PNG with node:zlib (https://www.w3.org/TR/png-3/). Pure functions, used by the worker.
import { deflateSync } from 'node:zlib';

/** Raw pixels as nut-js captures them: `channels` bytes per pixel in `order`, rows `byteWidth` bytes apart. */
export interface RawPixels {
  width: number;
  height: number;
  data: Uint8Array;
  byteWidth: number;
  channels: number;
  /** Byte order of the colour channels: nut-js captures `bgr` (BGRA). */
  order: 'bgr' | 'rgb';
}

/** An opaque RGB image, 3 bytes per pixel, rows packed. */
export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** The size `width`×`height` scaled down (never up) so its longer side is at most `maxSize`, at least 1×1. */
export function fitSize(width: number, height: number, maxSize: number): { width: number; height: number } {
  const scale = Math.min(1, maxSize / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Scales `src` to `width`×`height` (at most its own size) by averaging the source pixels each target pixel covers,
 * and returns opaque RGB (any alpha channel is dropped). Throws when the target is larger than the source.
 */
export function scaleToRgb(src: RawPixels, width: number, height: number): RgbImage {
  if (width > src.width || height > src.height) throw new Error('scaleToRgb only scales down');
  const out = new Uint8Array(width * height * 3);
  const [r, b] = src.order === 'bgr' ? [2, 0] : [0, 2];
  const xStarts = new Int32Array(width + 1);
  for (let x = 0; x <= width; x++) xStarts[x] = Math.min(src.width, Math.round((x * src.width) / width));
  let o = 0;
  for (let y = 0; y < height; y++) {
    const y0 = Math.round((y * src.height) / height);
    const y1 = Math.max(y0 + 1, Math.round(((y + 1) * src.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = xStarts[x];
      const x1 = Math.max(x0 + 1, xStarts[x + 1]);
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let yy = y0; yy < y1; yy++) {
        let i = yy * src.byteWidth + x0 * src.channels;
        for (let xx = x0; xx < x1; xx++, i += src.channels) {
          sr += src.data[i + r];
          sg += src.data[i + 1];
          sb += src.data[i + b];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      out[o++] = (sr / n + 0.5) | 0;
      out[o++] = (sg / n + 0.5) | 0;
      out[o++] = (sb / n + 0.5) | 0;
    }
  }
  return { width, height, rgb: out };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes an RGB image as an 8-bit truecolour PNG (each row filtered with `Sub`). */
export function encodePng(image: RgbImage): Buffer {
  const stride = image.width * 3;
  const filtered = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) {
    const row = y * stride;
    let o = y * (stride + 1);
    filtered[o++] = 1; // filter type Sub: each byte minus the byte 3 to its left
    for (let i = 0; i < stride; i++)
      filtered[o++] = (image.rgb[row + i] - (i >= 3 ? image.rgb[row + i - 3] : 0)) & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour (RGB, no alpha: always opaque)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(filtered, { level: 4 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
