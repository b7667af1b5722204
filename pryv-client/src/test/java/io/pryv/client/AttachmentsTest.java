package io.pryv.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.DataBufferUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Attachments: multipart upload checked against what the server received, and download. */
@WireMockTest
class AttachmentsTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final String EVENT_ID = "x07xykxwwa2jj3201kq68p0t";

	private static final String ATTACHMENT_ID = "mr7q8pxcmchst4wu3lqfn9h5";

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
			'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89 };

	private static final Map<String, Object> EVENT = Map.of("streamIds", List.of("heart"), "type", "picture/attached");

	private PryvConnection connection;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		PryvFixture.load("service-info").stub(wm.getHttpBaseUrl());
		PryvFixture.load("attachment-create").stub(wm.getHttpBaseUrl());
		this.connection = new PryvConnectionFactory(
				PryvService.builder().serviceInfoUrl(wm.getHttpBaseUrl() + "/reg/service/info").build())
			.connect(ApiEndpoint.of(wm.getHttpBaseUrl() + "/" + USER + "/", TOKEN));
	}

	@Test
	void uploadsTheEventPartAndTheFilePartAsTheRecordedExchange(@TempDir Path dir) throws IOException {
		Path file = Files.write(dir.resolve("pixel.png"), PNG);
		Event event = this.connection.createEventWithAttachments(EVENT, List.of(AttachmentSource.of(file)));
		assertThat(event.id()).isEqualTo(EVENT_ID);
		assertThat(event.attachments()).singleElement().satisfies((attachment) -> {
			assertThat(attachment.id()).isEqualTo(ATTACHMENT_ID);
			assertThat(attachment.fileName()).isEqualTo("pixel.png");
		});
		verify(postRequestedFor(urlEqualTo("/" + USER + "/events")).withHeader("Authorization", equalTo(TOKEN))
			.withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.matching("multipart/form-data; ?boundary=.+"))
			.withRequestBodyPart(aMultipart().withName("event")
				.withBody(equalToJson("{\"streamIds\":[\"heart\"],\"type\":\"picture/attached\"}"))
				.build())
			.withRequestBodyPart(aMultipart().withName("file")
				.withHeader("Content-Disposition", containing("filename=\"pixel.png\""))
				.withHeader("Content-Type", equalTo("image/png"))
				.withBody(binaryEqualTo(PNG))
				.build()));
	}

	@Test
	void sendsOneNamedPartPerSourceKind() {
		AtomicInteger opened = new AtomicInteger();
		AttachmentSource streamed = AttachmentSource.of("scan.bin", null, 3, () -> {
			opened.incrementAndGet();
			return new ByteArrayInputStream(new byte[] { 1, 2, 3 });
		});
		AttachmentSource resource = AttachmentSource.of(new ByteArrayResource("a,b".getBytes()) {
			@Override
			public String getFilename() {
				return "table.csv";
			}
		});
		AttachmentSource typed = AttachmentSource.of("x", "application/vnd.pryv+json", -1,
				() -> new ByteArrayInputStream("{}".getBytes()));
		assertThat(opened).as("a stream is opened only when sent").hasValue(0);
		this.connection.createEventWithAttachments(EVENT,
				List.of(AttachmentSource.of("hello".getBytes(), "note.txt"), streamed, resource, typed));
		assertThat(opened).hasValue(1);
		verify(postRequestedFor(urlEqualTo("/" + USER + "/events"))
			.withRequestBodyPart(aMultipart().withName("file")
				.withHeader("Content-Disposition", containing("filename=\"note.txt\""))
				.withHeader("Content-Type", containing("text/plain"))
				.withBody(binaryEqualTo("hello".getBytes()))
				.build())
			.withRequestBodyPart(aMultipart().withName("file2")
				.withHeader("Content-Disposition", containing("filename=\"scan.bin\""))
				.withHeader("Content-Type", equalTo("application/octet-stream"))
				.withBody(binaryEqualTo(new byte[] { 1, 2, 3 }))
				.build())
			.withRequestBodyPart(aMultipart().withName("file3")
				.withHeader("Content-Disposition", containing("filename=\"table.csv\""))
				.withHeader("Content-Type", equalTo("text/csv"))
				.build())
			.withRequestBodyPart(aMultipart().withName("file4")
				.withHeader("Content-Type", equalTo("application/vnd.pryv+json"))
				.build()));
	}

	@Test
	void streamsALargeFileInsteadOfLoadingIt(@TempDir Path dir) throws IOException {
		byte[] big = new byte[8 * 1024 * 1024];
		new Random(1).nextBytes(big);
		Path file = Files.write(dir.resolve("recording.wav"), big);
		this.connection.createEventWithAttachments(EVENT, List.of(AttachmentSource.of(file)));
		LoggedRequest request = findAll(postRequestedFor(urlEqualTo("/" + USER + "/events"))).get(0);
		assertThat(request.getHeader("Transfer-Encoding")).as("sent as it is read, not sized up front")
			.isEqualTo("chunked");
		assertThat(request.getPart("file").getBody().asBytes()).isEqualTo(big);
		assertThat(request.getPart("file").getHeader("Content-Type").firstValue()).isEqualTo("audio/x-wav");
	}

	@Test
	void rejectsMissingFilesAndEmptyListsBeforeAnyCall(@TempDir Path dir) {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> AttachmentSource.of(dir.resolve("nope.png")))
			.withMessageContaining("nope.png': it is not a readable file");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.createEventWithAttachments(EVENT, List.of()))
			.withMessageContaining("at least one file");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> AttachmentSource.of(new byte[0], " "))
			.withMessageContaining("needs a file name");
		verify(0, postRequestedFor(urlEqualTo("/" + USER + "/events")));
	}

	@Test
	void aFileThatFailsToReadFailsTheCallClearly() {
		AttachmentSource broken = AttachmentSource.of("broken.bin", null, -1, () -> {
			throw new IOException("disk gone");
		});
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.createEventWithAttachments(EVENT, List.of(broken)))
			.withMessageContaining("events.create")
			.withMessageNotContaining(TOKEN);
	}

	@Test
	void downloadsAnAttachmentAsAStream() throws IOException {
		stubFor(get(urlEqualTo("/" + USER + "/events/" + EVENT_ID + "/" + ATTACHMENT_ID))
			.willReturn(aResponse().withHeader("content-type", "image/png").withBody(PNG)));
		try (InputStream in = this.connection.openAttachment(EVENT_ID, ATTACHMENT_ID)) {
			assertThat(in.readAllBytes()).isEqualTo(PNG);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(this.connection.writeAttachment(EVENT_ID, ATTACHMENT_ID, out)).isEqualTo(PNG.length);
		assertThat(out.toByteArray()).isEqualTo(PNG);
		byte[] reactive = DataBufferUtils.join(this.connection.reactive().attachment(EVENT_ID, ATTACHMENT_ID))
			.map(PryvHttp::drain)
			.block();
		assertThat(reactive).isEqualTo(PNG);
		verify(getRequestedFor(urlEqualTo("/" + USER + "/events/" + EVENT_ID + "/" + ATTACHMENT_ID))
			.withHeader("Authorization", equalTo(TOKEN)));
	}

	@Test
	void anUnknownAttachmentIsAnApiErrorWhenOpened() {
		stubFor(get(urlEqualTo("/" + USER + "/events/" + EVENT_ID + "/nope")).willReturn(aResponse().withStatus(404)
			.withHeader("content-type", "application/json; charset=utf-8")
			.withBody("{\"error\":{\"id\":\"unknown-resource\",\"message\":\"Unknown attachment \\\"nope\\\"\"},"
					+ "\"meta\":{\"apiVersion\":\"2.0.0-pre.4\",\"serverTime\":1795681882.9,\"serial\":\"2026112601\"}}")));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.openAttachment(EVENT_ID, "nope"))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("unknown-resource");
				assertThat(ex.getHttpStatus()).isEqualTo(404);
			});
	}

}
