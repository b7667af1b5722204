package io.pryv.spring.web.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.mock.web.server.MockWebSession;
import org.springframework.web.server.WebSession;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.PendingAuth;
import io.pryv.spring.web.PryvAuthorization;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code WebSession} repositories of the pending request and of the login. */
class WebSessionRepositoriesTest {

	private static final String TOKEN = "ad4fi6057t5vm0xy8ns6bco9";

	private final PendingAuth pending = new PendingAuth("AFDUqvBLzWXLrTgi",
			"https://access.pryv.me/access.html?key=AFDUqvBLzWXLrTgi", "https://reg.pryv.me/access/AFDUqvBLzWXLrTgi",
			1000, Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS));

	private final PryvAuthorization authorization = new PryvAuthorization(
			ApiEndpoint.parse("https://" + TOKEN + "@alice.pryv.me/"), "alice");

	private final WebSessionServerPryvAuthRequestRepository pendingRepository = new WebSessionServerPryvAuthRequestRepository();

	private final WebSessionServerPryvConnectionRepository authorizationRepository = new WebSessionServerPryvConnectionRepository();

	private static MockServerWebExchange exchange(WebSession session) {
		return MockServerWebExchange.builder(MockServerHttpRequest.get("/")).session(session).build();
	}

	@Test
	void readsNeverStartASession() {
		MockWebSession session = new MockWebSession();
		MockServerWebExchange exchange = exchange(session);
		assertThat(this.pendingRepository.load(exchange).blockOptional()).isEmpty();
		assertThat(this.pendingRepository.remove(exchange).blockOptional()).isEmpty();
		assertThat(this.authorizationRepository.load(exchange).blockOptional()).isEmpty();
		this.authorizationRepository.remove(exchange).block();
		assertThat(session.isStarted()).as("a session that is not started is never saved").isFalse();
	}

	@Test
	void pendingAuthIsSavedLoadedAndRemovedUnderTheServletAttributeName() {
		MockServerWebExchange exchange = exchange(new MockWebSession());
		this.pendingRepository.save(this.pending, exchange).block();
		assertThat(exchange.getSession().block().getAttributes())
			.containsEntry("io.pryv.spring.web.HttpSessionPryvAuthRequestRepository.PENDING_AUTH", this.pending);
		assertThat(this.pendingRepository.load(exchange).block()).isEqualTo(this.pending);
		assertThat(this.pendingRepository.remove(exchange).block()).isEqualTo(this.pending);
		assertThat(this.pendingRepository.load(exchange).blockOptional()).isEmpty();
		this.pendingRepository.save(this.pending, exchange).block();
		this.pendingRepository.save(null, exchange).block();
		assertThat(this.pendingRepository.load(exchange).blockOptional()).isEmpty();
	}

	@Test
	void authorizationIsSavedLoadedAndRemovedUnderTheServletAttributeName() {
		MockServerWebExchange exchange = exchange(new MockWebSession());
		this.authorizationRepository.save(this.authorization, exchange).block();
		assertThat(exchange.getSession().block().getAttributes())
			.containsEntry("io.pryv.spring.web.HttpSessionPryvConnectionRepository.AUTHORIZATION", this.authorization);
		assertThat(this.authorizationRepository.load(exchange).block()).isEqualTo(this.authorization);
		this.authorizationRepository.remove(exchange).block();
		assertThat(this.authorizationRepository.load(exchange).blockOptional()).isEmpty();
		this.authorizationRepository.save(this.authorization, exchange).block();
		this.authorizationRepository.save(null, exchange).block();
		assertThat(this.authorizationRepository.load(exchange).blockOptional()).isEmpty();
	}

	@Test
	void aNewLoginInAStartedSessionGetsANewSessionId() {
		List<String> rotations = new ArrayList<>();
		MockWebSession session = new MockWebSession() {
			@Override
			public reactor.core.publisher.Mono<Void> changeSessionId() {
				rotations.add(getId());
				return super.changeSessionId();
			}
		};
		MockServerWebExchange exchange = exchange(session);
		this.pendingRepository.save(this.pending, exchange).block();
		session.start();
		this.authorizationRepository.save(this.authorization, exchange).block();
		assertThat(rotations).hasSize(1);
		assertThat(this.pendingRepository.load(exchange).block()).isEqualTo(this.pending);
		this.authorizationRepository.save(this.authorization, exchange).block();
		assertThat(rotations).as("saving the same login again").hasSize(1);
		this.authorizationRepository.save(new PryvAuthorization(ApiEndpoint.parse("https://t2@bob.pryv.me/"), "bob"),
				exchange).block();
		assertThat(rotations).as("another login").hasSize(2);
	}

	@Test
	void everyChangeGoesThroughTheAttributeMapSoSpringSessionPersistsIt() {
		List<String> changes = new ArrayList<>();
		Map<String, Object> attributes = new HashMap<>() {
			@Override
			public Object put(String name, Object value) {
				changes.add("put " + name.substring(name.lastIndexOf('.') + 1));
				return super.put(name, value);
			}

			@Override
			public Object remove(Object name) {
				changes.add("remove " + name.toString().substring(name.toString().lastIndexOf('.') + 1));
				return super.remove(name);
			}
		};
		MockWebSession session = new MockWebSession() {
			@Override
			public Map<String, Object> getAttributes() {
				return attributes;
			}
		};
		MockServerWebExchange exchange = exchange(session);
		this.pendingRepository.save(this.pending, exchange).block();
		this.pendingRepository.save(this.pending, exchange).block();
		this.pendingRepository.remove(exchange).block();
		this.authorizationRepository.save(this.authorization, exchange).block();
		this.authorizationRepository.remove(exchange).block();
		assertThat(changes).containsExactly("put PENDING_AUTH", "put PENDING_AUTH", "remove PENDING_AUTH",
				"put AUTHORIZATION", "remove AUTHORIZATION");
	}

	@Test
	void storedRecordsSurviveSerializationAndAreReadByTheServletRepositoriesNames() throws Exception {
		MockServerWebExchange exchange = exchange(new MockWebSession());
		this.pendingRepository.save(this.pending, exchange).block();
		this.authorizationRepository.save(this.authorization, exchange).block();
		Map<String, Object> stored = exchange.getSession().block().getAttributes();
		// what a session store (Spring Session Redis with JDK serialization) does
		MockWebSession restored = new MockWebSession();
		for (Map.Entry<String, Object> entry : stored.entrySet()) {
			restored.getAttributes().put(entry.getKey(), roundTrip((Serializable) entry.getValue()));
		}
		MockServerWebExchange next = exchange(restored);
		PendingAuth pendingBack = this.pendingRepository.load(next).block();
		PryvAuthorization authorizationBack = this.authorizationRepository.load(next).block();
		assertThat(pendingBack).isEqualTo(this.pending).isNotSameAs(this.pending);
		assertThat(authorizationBack).isEqualTo(this.authorization).isNotSameAs(this.authorization);
		assertThat(authorizationBack.apiEndpoint().token()).isEqualTo(TOKEN);
		assertThat(authorizationBack.toString()).contains("alice").doesNotContain(TOKEN);
	}

	private static Object roundTrip(Serializable value) throws IOException, ClassNotFoundException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return in.readObject();
		}
	}

}
