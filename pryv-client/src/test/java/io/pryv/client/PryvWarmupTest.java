package io.pryv.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.SslProvider;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's warm-up: it completes on its own loopback servers, a failure is
 * only a colder start, and it covers TLS (a fresh JVM's first HTTPS call after
 * it loads almost no classes).
 */
class PryvWarmupTest {

	/**
	 * Without the warm-up's TLS part, the first HTTPS call after the warm-up loads
	 * ≈1,200 classes (the JDK's TLS, Netty's SSL handler, certificate checks); with
	 * it, ≈20 (lambda forms), as the first plain HTTP call does.
	 */
	private static final int MAX_CLASSES_OF_A_WARM_HTTPS_CALL = 300;

	private static final String ANSWER = "{\"events\":[{\"id\":\"e1\",\"streamIds\":[\"s\"],\"time\":1700000000.5,"
			+ "\"type\":\"note/txt\",\"content\":\"x\",\"created\":1795681882.5,\"createdBy\":\"a\","
			+ "\"modified\":1795681882.5,\"modifiedBy\":\"a\"}],\"meta\":{\"apiVersion\":\"2.0.0-pre.4\","
			+ "\"serverTime\":1795681931.539,\"serial\":\"2026112601\"}}";

	@Test
	void streamsItsGeneratedAnswerThroughTheClient() {
		assertThat(PryvWarmup.run(WebClient.create())).isTrue();
		// twice in a JVM: nothing is left bound or half-closed by the first
		assertThat(PryvWarmup.run(WebClient.create())).isTrue();
	}

	@Test
	void aFailingWebClientMeansNoWarmUpNotAnError() {
		WebClient broken = WebClient.builder()
			.filter(ExchangeFilterFunction.ofRequestProcessor((request) -> Mono.error(new IllegalStateException("down"))))
			.build();
		assertThat(PryvWarmup.run(broken)).isFalse();
	}

	@Test
	void aFreshJvmsFirstHttpsCallAfterTheWarmUpLoadsAlmostNoClassesAndNothingIsLogged(@TempDir Path dir)
			throws GeneralSecurityException, IOException, InterruptedException {
		// an HTTPS platform in this JVM, with a certificate the child JVM trusts through its trust store
		WarmupCertificate certificate = WarmupCertificate.generate();
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("platform", certificate.certificate());
		Path trustStore = dir.resolve("trust.p12");
		try (var out = Files.newOutputStream(trustStore)) {
			trust.store(out, "test-trust".toCharArray());
		}
		DisposableServer platform = httpsPlatform(certificate);
		try {
			String apiEndpoint = "https://test-token@127.0.0.1:" + platform.port() + "/t/";
			String warm = httpsFirstCall(dir, trustStore, "--warmup", apiEndpoint);
			assertThat(warm).contains("{\"warmedUp\": true}").contains("{\"events\": 1, \"classes\": ");
			assertThat(warm.lines().filter((line) -> line.matches(".*\\b(WARN|WARNING|ERROR|SEVERE)\\b.*")))
				.as("no warning or error logged by the warm-up or the call").isEmpty();
			assertThat(loadedClasses(warm)).as(warm).isLessThan(MAX_CLASSES_OF_A_WARM_HTTPS_CALL);
			// the same call without the warm-up: TLS and all the rest are set up by the call
			String cold = httpsFirstCall(dir, trustStore, null, apiEndpoint);
			assertThat(loadedClasses(cold)).as(cold).isGreaterThan(MAX_CLASSES_OF_A_WARM_HTTPS_CALL);
		}
		finally {
			platform.disposeNow(Duration.ofSeconds(5));
		}
	}

	/** @return an HTTPS platform in this JVM answering {@code GET /t/events} with {@link #ANSWER} */
	private static DisposableServer httpsPlatform(WarmupCertificate certificate) {
		SslProvider.GenericSslContextSpec<SslContextBuilder> tls = Http11SslContextSpec
			.forServer(certificate.keyPair().getPrivate(), certificate.certificate());
		return HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.secure((spec) -> spec.sslContext(tls))
			.route((routes) -> routes.get("/t/events", (request, response) -> response
				.header("Content-Type", "application/json")
				.sendString(Mono.just(ANSWER))))
			.bindNow(Duration.ofSeconds(10));
	}

	/** @return everything the child JVM of {@link HttpsFirstCallMain} printed */
	private static String httpsFirstCall(Path dir, Path trustStore, String warmup, String apiEndpoint)
			throws IOException, InterruptedException {
		return run(dir, List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=test-trust",
				"-Djavax.net.ssl.trustStoreType=PKCS12"), warmup, apiEndpoint, 0);
	}

	/** @return everything the child JVM of {@link HttpsFirstCallMain} printed, having checked its exit code */
	private static String run(Path dir, List<String> jvmOptions, String warmup, String apiEndpoint, int exitCode)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		if (Runtime.version().feature() >= 22) {
			// since JDK 24 the JVM itself warns when Netty loads its native transport (any Reactor Netty
			// client does, warm-up or not): the option an application on those JDKs passes to allow it
			command.add("--enable-native-access=ALL-UNNAMED");
		}
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), HttpsFirstCallMain.class.getName()));
		if (warmup != null) {
			command.add(warmup);
		}
		command.add(apiEndpoint);
		Path output = Files.createTempFile(dir, "https-first-call", ".log");
		Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		boolean finished = child.waitFor(120, TimeUnit.SECONDS);
		if (!finished) {
			child.destroyForcibly();
		}
		String text = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(finished).as("finished in time; output: " + text).isTrue();
		assertThat(child.exitValue()).as(text).isEqualTo(exitCode);
		return text;
	}

	private static long loadedClasses(String output) {
		return Long.parseLong(output.replaceAll("(?s).*\\{\"events\": \\d+, \"classes\": (\\d+)\\}.*", "$1"));
	}

}
