package io.pryv.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/**
 * A file to attach to an event: its name, content type, size and a way to open
 * it. Its content is read only while the upload is sent, in small buffers:
 * large files are streamed, never loaded into memory.
 * <p>
 * The content type is the one given, else guessed from the file name
 * ({@code pixel.png} is {@code image/png}), else {@code application/octet-stream}.
 *
 * <pre>{@code
 * AttachmentSource.of(Path.of("scan.pdf"));
 * AttachmentSource.of(bytes, "note.txt");
 * AttachmentSource.of(new ClassPathResource("logo.png"));
 * // a Spring MultipartFile is an InputStreamSource:
 * AttachmentSource.of(file.getOriginalFilename(), file.getContentType(), file.getSize(), file);
 * }</pre>
 */
public final class AttachmentSource {

	private final String fileName;

	private final MediaType contentType;

	private final long size;

	private final InputStreamSource content;

	private AttachmentSource(String fileName, String contentType, long size, InputStreamSource content) {
		if (fileName == null || fileName.isBlank()) {
			throw new PryvClientException("An attachment needs a file name");
		}
		if (content == null) {
			throw new PryvClientException("The attachment '" + fileName + "' has no content source");
		}
		this.fileName = fileName;
		this.contentType = contentTypeOf(fileName, contentType);
		this.size = size;
		this.content = content;
	}

	/**
	 * A file on disk, named as it is.
	 * @param path the file
	 * @return the source
	 * @throws PryvClientException if it is not a readable regular file
	 */
	public static AttachmentSource of(Path path) {
		if (path == null) {
			throw new PryvClientException("An attachment path is null");
		}
		if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
			throw new PryvClientException("Cannot attach '" + path + "': it is not a readable file");
		}
		long size;
		try {
			size = Files.size(path);
		}
		catch (IOException ex) {
			throw new PryvClientException("Cannot attach '" + path + "': " + ex.getMessage(), ex);
		}
		Path fileName = path.getFileName();
		return new AttachmentSource((fileName != null) ? fileName.toString() : path.toString(), null, size,
				() -> Files.newInputStream(path));
	}

	/**
	 * Bytes in memory.
	 * @param bytes the content
	 * @param fileName the file name to give it
	 * @return the source
	 */
	public static AttachmentSource of(byte[] bytes, String fileName) {
		if (bytes == null) {
			throw new PryvClientException("The attachment '" + fileName + "' has null content");
		}
		return new AttachmentSource(fileName, null, bytes.length, () -> new ByteArrayInputStream(bytes));
	}

	/**
	 * A Spring {@link Resource}, named by its {@link Resource#getFilename()}.
	 * @param resource the resource
	 * @return the source
	 * @throws PryvClientException if it has no file name or does not exist
	 */
	public static AttachmentSource of(Resource resource) {
		if (resource == null) {
			throw new PryvClientException("An attachment resource is null");
		}
		if (!resource.exists()) {
			throw new PryvClientException("Cannot attach " + resource.getDescription() + ": it does not exist");
		}
		long size;
		try {
			size = resource.isFile() ? resource.contentLength() : -1;
		}
		catch (IOException ex) {
			size = -1;
		}
		return new AttachmentSource(resource.getFilename(), null, size, resource);
	}

	/**
	 * Any source of a stream, for instance a Spring {@code MultipartFile} (which is
	 * an {@link InputStreamSource}): its stream is opened once, when the upload is sent.
	 * @param fileName the file name
	 * @param contentType the content type, or {@code null} to guess it from the name
	 * @param size the size in bytes, or -1 when unknown
	 * @param content opens the content
	 * @return the source
	 */
	public static AttachmentSource of(String fileName, @Nullable String contentType, long size, InputStreamSource content) {
		return new AttachmentSource(fileName, contentType, size, content);
	}

	/** @return the file name sent to the platform */
	public String fileName() {
		return this.fileName;
	}

	/** @return the content type sent to the platform */
	public MediaType contentType() {
		return this.contentType;
	}

	/** @return the size in bytes, or -1 when unknown */
	public long size() {
		return this.size;
	}

	/** @return the content as a resource the multipart writer streams from */
	Resource toResource() {
		return new StreamedResource(this);
	}

	@Override
	public String toString() {
		return "AttachmentSource[" + this.fileName + ", " + this.contentType + ", " + this.size + " bytes]";
	}

	private static MediaType contentTypeOf(String fileName, String given) {
		if (given != null && !given.isBlank()) {
			try {
				return MediaType.parseMediaType(given);
			}
			catch (IllegalArgumentException ex) {
				throw new PryvClientException("The attachment '" + fileName + "' has an invalid content type '" + given
						+ "': " + ex.getMessage());
			}
		}
		return MediaTypeFactory.getMediaType(fileName).orElse(MediaType.APPLICATION_OCTET_STREAM);
	}

	/**
	 * A resource opened only when written, whose size is known without reading it
	 * ({@link AbstractResource} would read the whole stream to count it).
	 */
	private static final class StreamedResource extends AbstractResource {

		private final AttachmentSource source;

		StreamedResource(AttachmentSource source) {
			this.source = source;
		}

		@Override
		public InputStream getInputStream() throws IOException {
			return this.source.content.getInputStream();
		}

		@Override
		public String getFilename() {
			return this.source.fileName;
		}

		@Override
		public boolean exists() {
			return true;
		}

		@Override
		public long contentLength() {
			return this.source.size;
		}

		@Override
		public String getDescription() {
			return "attachment '" + this.source.fileName + "'";
		}

	}

}
