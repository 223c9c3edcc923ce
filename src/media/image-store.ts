/**
 * Uploaded images on disk, processed with the well-kept `sharp` (libvips):
 * the type is read from the content (never from the name or the declared
 * type), metadata (EXIF with GPS position, XMP, IPTC, ICC comments) is
 * stripped, the image is turned upright, scaled to fit a square of
 * `maxDimension` pixels and re-encoded, and stored under a random UUID name.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import type { Buffer } from "node:buffer";
import { join } from "node:path";
import sharp, { type Metadata, type OutputInfo } from "sharp";
import type { ImageProblem, ImageStore, StoredImage } from "../app/ports.ts";

/** Accepted input formats (sharp's decoder names) and how each is stored. */
const OUTPUTS = {
  jpeg: { ext: "jpg", mediaType: "image/jpeg" },
  png: { ext: "png", mediaType: "image/png" },
  webp: { ext: "webp", mediaType: "image/webp" },
  gif: { ext: "gif", mediaType: "image/gif" },
  // AVIF is decoded and stored as WebP: encoding AVIF takes seconds on a
  // small server, and every fediverse client shows WebP.
  avif: { ext: "webp", mediaType: "image/webp" },
} as const;
type InputFormat = keyof typeof OUTPUTS;

const MEDIA_TYPE_BY_EXT: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
};

/** The only file names `store` makes; anything else (a path, `..`) is never opened. */
const FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|webp|gif)$/;

/** Default limits: 8 MB per upload, 40 megapixels, stored at most 1600 px wide and high. */
export const IMAGE_LIMITS = { maxBytes: 8 * 1024 * 1024, maxInputPixels: 40_000_000, maxDimension: 1600 } as const;

export interface ImageStoreOptions {
  /** Folder for the files (created when missing), e.g. `${dataDir}/media`. */
  directory: string;
  /** Largest upload in bytes (default 8 MB). */
  maxBytes?: number;
  /** Largest input in pixels, width × height (default 40 million): refuses decompression bombs. */
  maxInputPixels?: number;
  /** Longest side of the stored image in pixels (default 1600); smaller images are not enlarged. */
  maxDimension?: number;
}

function formatOf(metadata: Metadata): InputFormat | null {
  if (metadata.format === "heif") return metadata.compression === "av1" ? "avif" : null;
  return metadata.format in OUTPUTS ? metadata.format as InputFormat : null;
}

/**
 * Creates the image store of one buurt.
 * @returns An `ImageStore` writing to `options.directory`.
 */
export function createImageStore(options: ImageStoreOptions): ImageStore {
  const maxBytes = options.maxBytes ?? IMAGE_LIMITS.maxBytes;
  const maxInputPixels = options.maxInputPixels ?? IMAGE_LIMITS.maxInputPixels;
  const maxDimension = options.maxDimension ?? IMAGE_LIMITS.maxDimension;

  async function store(
    bytes: Uint8Array,
  ): Promise<{ ok: true; value: StoredImage } | { ok: false; error: ImageProblem }> {
    if (bytes.byteLength > maxBytes) return { ok: false, error: "image_too_large" };
    let metadata: Metadata;
    try {
      metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      // Not an image libvips recognises (a text file named .jpg, a PDF …).
      return { ok: false, error: "image_type" };
    }
    const format = formatOf(metadata);
    if (format == null) return { ok: false, error: "image_type" };
    const frameHeight = metadata.pageHeight ?? metadata.height;
    if (metadata.width * frameHeight > maxInputPixels) return { ok: false, error: "image_too_large" };
    const animated = (format === "gif" || format === "webp") && (metadata.pages ?? 1) > 1;

    let output: { data: Buffer; info: OutputInfo };
    try {
      // sharp keeps no metadata unless asked (`keepMetadata`), so the
      // re-encoded file carries no EXIF, XMP or IPTC; `autoOrient` applies
      // the EXIF orientation first so the picture stays upright.
      let pipeline = sharp(bytes, {
        animated,
        autoOrient: !animated,
        limitInputPixels: maxInputPixels * (animated ? metadata.pages ?? 1 : 1),
        failOn: "error",
      }).resize({ width: maxDimension, height: maxDimension, fit: "inside", withoutEnlargement: true });
      switch (format) {
        case "jpeg":
          pipeline = pipeline.jpeg({ quality: 85, mozjpeg: true });
          break;
        case "png":
          pipeline = pipeline.png({ compressionLevel: 9 });
          break;
        case "gif":
          pipeline = pipeline.gif();
          break;
        case "webp":
        case "avif":
          pipeline = pipeline.webp({ quality: 82 });
          break;
      }
      output = await pipeline.toBuffer({ resolveWithObject: true });
    } catch {
      return { ok: false, error: "image_unreadable" };
    }

    const { ext, mediaType } = OUTPUTS[format];
    const file = `${randomUUID()}.${ext}`;
    await mkdir(options.directory, { recursive: true });
    await writeFile(join(options.directory, file), output.data, { flag: "wx" });
    return {
      ok: true,
      value: {
        file,
        mediaType,
        width: output.info.width,
        height: animated ? output.info.pageHeight ?? output.info.height : output.info.height,
        size: output.data.byteLength,
      },
    };
  }

  return {
    store,
    async read(file) {
      const match = FILE_NAME.exec(file);
      if (match == null) return null;
      try {
        const bytes = await readFile(join(options.directory, file));
        return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), mediaType: MEDIA_TYPE_BY_EXT[match[1]!]! };
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return null;
        throw error;
      }
    },
    async remove(file) {
      if (!FILE_NAME.test(file)) return;
      await rm(join(options.directory, file), { force: true });
    },
  };
}
