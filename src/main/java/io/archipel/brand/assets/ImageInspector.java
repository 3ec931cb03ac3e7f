package io.archipel.brand.assets;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides what an uploaded file is from its bytes alone (magic numbers, then the image header read by ImageIO), checks
 * the limits before any pixel is decoded, and makes the thumbnail.
 */
public final class ImageInspector {

    public static final long MAX_BYTES = 5L * 1024 * 1024;
    public static final int MAX_SIDE = 5000;
    public static final long MAX_PIXELS = 25_000_000L;
    public static final int THUMBNAIL_WIDTH = 320;

    /** Why a file is refused; the message key is {@code assets.refused.<name in lower case>}. */
    public enum Refusal { EMPTY, TOO_LARGE, SVG, UNKNOWN_TYPE, UNREADABLE, TOO_WIDE, TOO_MANY_PIXELS }

    public static final class RefusedException extends Exception {
        private final Refusal refusal;

        RefusedException(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public enum ImageType {
        PNG("image/png", "png", "png"), JPEG("image/jpeg", "jpeg", "jpg"), GIF("image/gif", "gif", "gif"),
        WEBP("image/webp", "webp", "webp");

        public final String contentType;
        final String imageIoFormat;
        public final String extension;

        ImageType(String contentType, String imageIoFormat, String extension) {
            this.contentType = contentType;
            this.imageIoFormat = imageIoFormat;
            this.extension = extension;
        }

        public static ImageType ofContentType(String contentType) {
            for (ImageType t : values()) {
                if (t.contentType.equals(contentType)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(contentType);
        }
    }

    /** An accepted image: its type, dimensions and thumbnail. */
    public record Inspected(ImageType type, int width, int height, byte[] thumbnail, String thumbnailType) {
    }

    private ImageInspector() {
    }

    public static Inspected inspect(byte[] bytes) throws RefusedException {
        if (bytes == null || bytes.length == 0) {
            throw new RefusedException(Refusal.EMPTY);
        }
        if (bytes.length > MAX_BYTES) {
            throw new RefusedException(Refusal.TOO_LARGE);
        }
        ImageType type = sniff(bytes);
        if (type == null) {
            throw new RefusedException(looksLikeSvg(bytes) ? Refusal.SVG : Refusal.UNKNOWN_TYPE);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.imageIoFormat);
            if (in == null || !readers.hasNext()) {
                throw new RefusedException(Refusal.UNREADABLE);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // header only: nothing is decoded before the dimensions are known to be acceptable
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new RefusedException(Refusal.UNREADABLE);
                }
                if (width > MAX_SIDE || height > MAX_SIDE) {
                    throw new RefusedException(Refusal.TOO_WIDE);
                }
                if ((long) width * height > MAX_PIXELS) {
                    throw new RefusedException(Refusal.TOO_MANY_PIXELS);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                // decode only as many pixels as the thumbnail needs
                int step = Math.max(1, width / (THUMBNAIL_WIDTH * 2));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage first = reader.read(0, param);
                boolean opaque = type == ImageType.JPEG;
                byte[] thumbnail = thumbnail(first, width, height, opaque);
                return new Inspected(type, width, height, thumbnail, opaque ? "image/jpeg" : "image/png");
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new RefusedException(Refusal.UNREADABLE);
        }
    }

    /** The type announced by the first bytes, or null. */
    static ImageType sniff(byte[] b) {
        if (startsWith(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return ImageType.PNG;
        }
        if (startsWith(b, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return ImageType.JPEG;
        }
        if (startsWith(b, 0, "GIF87a".getBytes(StandardCharsets.US_ASCII))
                || startsWith(b, 0, "GIF89a".getBytes(StandardCharsets.US_ASCII))) {
            return ImageType.GIF;
        }
        if (startsWith(b, 0, "RIFF".getBytes(StandardCharsets.US_ASCII))
                && startsWith(b, 8, "WEBP".getBytes(StandardCharsets.US_ASCII))) {
            return ImageType.WEBP;
        }
        return null;
    }

    private static boolean looksLikeSvg(byte[] b) {
        String head = new String(b, 0, Math.min(b.length, 4096), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        return head.contains("<svg");
    }

    private static boolean startsWith(byte[] b, int offset, byte[] prefix) {
        if (b.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] thumbnail(BufferedImage source, int width, int height, boolean opaque) throws IOException {
        int targetWidth = Math.min(THUMBNAIL_WIDTH, width);
        int targetHeight = Math.max(1, (int) Math.round((double) height * targetWidth / width));
        BufferedImage target = new BufferedImage(targetWidth, targetHeight,
                opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, targetWidth, targetHeight, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(target, opaque ? "jpeg" : "png", out)) {
            throw new IOException("no thumbnail writer");
        }
        return out.toByteArray();
    }
}
