package io.pryv.spring.web.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pryv.spring.security.Browser;
import io.pryv.spring.security.PryvLoginWebFluxApp;
import io.pryv.spring.security.PryvPlatformStub;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.http.MediaType;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.session.DefaultWebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two app instances sharing their sessions in Redis through Spring Session,
 * stored with JDK serialization as Spring Session's Redis configuration does:
 * a user who signed in on one instance is signed in on the other, and a Pryv
 * sign-in ({@code ServerPryvLoginConfigurer}) started on one instance ends on
 * the other (pending request, CSRF token, security context and login all in
 * the shared session, the session id changed on sign-in). Needs a
 * Redis server on 127.0.0.1 at {@code PRYV_TEST_REDIS_PORT} (default 6379);
 * {@code .ci/run} starts one; skipped when none answers.
 */
class RedisWebSessionTest {

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final String NAMESPACE = "pryv-webflux-test-" + UUID.randomUUID();

	private static LettuceConnectionFactory redis;

	private static WebFluxTestApp first;

	private static WebFluxTestApp second;

	@BeforeAll
	static void start() {
		int port = Integer.parseInt(System.getenv().getOrDefault("PRYV_TEST_REDIS_PORT", "6379"));
		assumeTrue(redisAnswers(port), "No Redis server answers on 127.0.0.1:" + port);
		redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		redis.afterPropertiesSet();
		redis.start();
		// Each instance its own repository and session manager: only Redis is shared
		first = new WebFluxTestApp("https://reg.pryv.me/service/info", sessionManager());
		second = new WebFluxTestApp("https://reg.pryv.me/service/info", sessionManager());
	}

	@AfterAll
	static void stop() {
		if (first != null) {
			first.close();
			second.close();
		}
		if (redis != null) {
			redis.destroy();
		}
	}

	private static DefaultWebSessionManager sessionManager() {
		RedisSerializer<Object> jdk = new JdkSerializationRedisSerializer(RedisWebSessionTest.class.getClassLoader());
		ReactiveRedisTemplate<String, Object> template = new ReactiveRedisTemplate<>(redis,
				RedisSerializationContext.<String, Object>newSerializationContext(jdk)
					.key(RedisSerializer.string())
					.hashKey(RedisSerializer.string())
					.build());
		ReactiveRedisSessionRepository repository = new ReactiveRedisSessionRepository(template);
		repository.setRedisKeyNamespace(NAMESPACE);
		DefaultWebSessionManager manager = new DefaultWebSessionManager();
		manager.setSessionStore(new SpringSessionWebSessionStore<>((ReactiveSessionRepository<?>) repository));
		return manager;
	}

	@Test
	void aLoginOnOneInstanceIsSeenByTheOther() {
		WebTestClient onFirst = first.signedInClient("https://" + TOKEN + "@alice.pryv.me/", "alice");
		String cookie = onFirst.get()
			.uri("/api/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("alice")
			.returnResult()
			.getRequestHeaders()
			.getFirst("Cookie");
		assertThat(cookie).startsWith("SESSION=");
		WebTestClient onSecond = WebTestClient.bindToServer().baseUrl(second.baseUrl()).build();
		onSecond.get()
			.uri("/api/me")
			.header("Cookie", cookie)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("alice");
		onSecond.get().uri("/api/me").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void aPryvSignInStartedOnOneInstanceEndsOnTheOther() {
		PryvPlatformStub pryv = new PryvPlatformStub();
		String[] properties = { "pryv.service-info-url=" + pryv.serviceInfoUrl(), "pryv.app-id=test-portal",
				"pryv.permissions[0].stream-id=heart", "pryv.permissions[0].level=read" };
		try (WebFluxTestApp one = new WebFluxTestApp(sessionManager(), properties, PryvLoginWebFluxApp.class);
				WebFluxTestApp two = new WebFluxTestApp(sessionManager(), properties, PryvLoginWebFluxApp.class)) {
			Browser onOne = new Browser(one.baseUrl());
			onOne.post("/login/pryv", "/login/pryv").expectStatus().isFound();
			String started = onOne.session();
			pryv.accept();
			Browser onTwo = new Browser(two.baseUrl());
			onTwo.useSession(started);
			onTwo.returnFrom(pryv.pollUrl()).expectStatus().isFound().expectHeader().location("/");
			assertThat(onTwo.session()).isNotEqualTo(started);
			onOne.useSession(onTwo.session());
			onOne.client()
				.get()
				.uri("/me")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.principal")
				.isEqualTo(PryvPlatformStub.USERNAME)
				.jsonPath("$.connection")
				.isEqualTo(PryvPlatformStub.USERNAME);
			// the session id planted before the sign-in has no login
			onOne.useSession(started);
			onOne.client().get().uri("/me").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
		}
		finally {
			pryv.close();
		}
	}

	private static boolean redisAnswers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] answer = new byte[7];
			int read = socket.getInputStream().read(answer);
			return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
