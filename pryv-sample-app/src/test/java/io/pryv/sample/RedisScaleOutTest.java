package io.pryv.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scale-out: two instances of the app (the {@code redis} profile) share their
 * HTTP sessions through one Redis server; a sign-in started on instance A
 * completes on instance B, which then streams the user's events. The platform is
 * WireMock replaying recorded answers. Skipped when no Redis answers on
 * {@code PRYV_TEST_REDIS_PORT} (default 6379); {@code .ci/run} starts one.
 */
class RedisScaleOutTest {

	private static int redisPort;

	private static PryvPlatformStubs platform;

	private static ConfigurableApplicationContext instanceA;

	private static ConfigurableApplicationContext instanceB;

	private static String namespace;

	@BeforeAll
	static void startTwoInstances() {
		redisPort = Integer.parseInt(System.getenv().getOrDefault("PRYV_TEST_REDIS_PORT", "6379"));
		assumeTrue(redisAnswers(redisPort), "No Redis server answers on 127.0.0.1:" + redisPort);
		platform = new PryvPlatformStubs();
		namespace = "pryv-sample-test:" + UUID.randomUUID();
		instanceA = start(namespace);
		instanceB = start(namespace);
	}

	private static ConfigurableApplicationContext start(String namespace) {
		return new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.run("--server.port=0", "--server.address=127.0.0.1", "--pryv.service-info-url=" + platform.serviceInfoUrl(),
					"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort,
					"--spring.session.data.redis.namespace=" + namespace);
	}

	@AfterAll
	static void stop() {
		if (instanceA != null) {
			StringRedisTemplate redis = new StringRedisTemplate(instanceA.getBean(RedisConnectionFactory.class));
			redis.delete(redis.keys(namespace + ":*"));
		}
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { instanceA, instanceB }) {
			if (context != null) {
				context.close();
			}
		}
		if (platform != null) {
			platform.close();
		}
	}

	private static String url(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Test
	void signInStartedOnOneInstanceCompletesAndStreamsOnAnother() throws IOException {
		assertThat(instanceA.getBean(SessionRepository.class).getClass().getSimpleName()).contains("Redis");
		String a = url(instanceA);
		String b = url(instanceB);
		HttpBrowser browser = new HttpBrowser();

		String consentPage = browser.startSignIn(a);
		assertThat(consentPage).startsWith(platform.baseUrl());
		platform.accept();

		HttpResponse<String> returned = browser.returnFromPlatform(b, platform.baseUrl());
		assertThat(returned.statusCode()).isEqualTo(302);
		assertThat(returned.headers().firstValue("Location").orElseThrow()).isIn("/", b + "/");
		assertThat(returned.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

		assertThat(browser.get(b + "/").body()).contains("id=\"username\">" + Fixtures.USERNAME + "<");
		HttpResponse<InputStream> events = browser.stream(b + "/api/events");
		assertThat(events.statusCode()).isEqualTo(200);
		assertThat(events.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
		String ndjson;
		try (InputStream body = events.body()) {
			ndjson = new String(body.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(ndjson.split("\n")).hasSize(2);
		assertThat(ndjson).contains("o93655dknyjjp97ffrbvjikq", "mleqr27wfdbxdl4e9gowr50f").doesNotContain(Fixtures.TOKEN);

		assertThat(browser.get(a + "/api/streams").statusCode()).isEqualTo(200);
	}

	private static boolean redisAnswers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			byte[] answer = new byte[5];
			int read = socket.getInputStream().read(answer);
			return read == 5 && new String(answer, StandardCharsets.US_ASCII).equals("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
