package io.pryv.spring.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.PendingAuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The HTTP session repositories of the pending request and of the login. */
class HttpSessionRepositoriesTest {

	private static final String TOKEN = "ad4fi6057t5vm0xy8ns6bco9";

	private final PendingAuth pending = new PendingAuth("AFDUqvBLzWXLrTgi",
			"https://access.pryv.me/access.html?key=AFDUqvBLzWXLrTgi", "https://reg.pryv.me/access/AFDUqvBLzWXLrTgi",
			1000, Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS));

	private final PryvAuthorization authorization = new PryvAuthorization(
			ApiEndpoint.parse("https://" + TOKEN + "@alice.pryv.me/"), "alice");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void readsNeverCreateASession() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(new HttpSessionPryvAuthRequestRepository().load(request)).isNull();
		assertThat(new HttpSessionPryvAuthRequestRepository().remove(request, this.response)).isNull();
		assertThat(new HttpSessionPryvConnectionRepository().load(request)).isNull();
		new HttpSessionPryvConnectionRepository().remove(request, this.response);
		assertThat(request.getSession(false)).isNull();
	}

	@Test
	void pendingAuthIsSavedLoadedAndRemovedUnderANamespacedAttribute() {
		HttpSessionPryvAuthRequestRepository repository = new HttpSessionPryvAuthRequestRepository();
		MockHttpServletRequest request = new MockHttpServletRequest();
		repository.save(this.pending, request, this.response);
		assertThat(request.getSession(false).getAttribute(
				"io.pryv.spring.web.HttpSessionPryvAuthRequestRepository.PENDING_AUTH")).isEqualTo(this.pending);
		assertThat(repository.load(request)).isEqualTo(this.pending);
		assertThat(repository.remove(request, this.response)).isEqualTo(this.pending);
		assertThat(repository.load(request)).isNull();
		repository.save(this.pending, request, this.response);
		repository.save(null, request, this.response);
		assertThat(repository.load(request)).isNull();
	}

	@Test
	void authorizationIsSavedLoadedAndRemovedUnderANamespacedAttribute() {
		HttpSessionPryvConnectionRepository repository = new HttpSessionPryvConnectionRepository();
		MockHttpServletRequest request = new MockHttpServletRequest();
		repository.save(this.authorization, request, this.response);
		assertThat(request.getSession(false).getAttribute(
				"io.pryv.spring.web.HttpSessionPryvConnectionRepository.AUTHORIZATION")).isEqualTo(this.authorization);
		assertThat(repository.load(request)).isEqualTo(this.authorization);
		repository.remove(request, this.response);
		assertThat(repository.load(request)).isNull();
	}

	@Test
	void aNewLoginGetsANewSessionId() {
		HttpSessionPryvConnectionRepository repository = new HttpSessionPryvConnectionRepository();
		MockHttpServletRequest request = new MockHttpServletRequest();
		new HttpSessionPryvAuthRequestRepository().save(this.pending, request, this.response);
		String beforeLogin = request.getSession(false).getId();
		repository.save(this.authorization, request, this.response);
		String afterLogin = request.getSession(false).getId();
		assertThat(afterLogin).isNotEqualTo(beforeLogin);
		assertThat(new HttpSessionPryvAuthRequestRepository().load(request)).isEqualTo(this.pending);
		repository.save(this.authorization, request, this.response);
		assertThat(request.getSession(false).getId()).as("saving the same login again").isEqualTo(afterLogin);
	}

	@Test
	void everyChangeCallsSetAttributeSoSpringSessionPersistsIt() {
		List<String> changes = new ArrayList<>();
		MockHttpSession session = new MockHttpSession() {
			@Override
			public void setAttribute(String name, Object value) {
				changes.add("set " + name.substring(name.lastIndexOf('.') + 1));
				super.setAttribute(name, value);
			}

			@Override
			public void removeAttribute(String name) {
				changes.add("remove " + name.substring(name.lastIndexOf('.') + 1));
				super.removeAttribute(name);
			}
		};
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSession(session);
		HttpSessionPryvAuthRequestRepository pendingRepository = new HttpSessionPryvAuthRequestRepository();
		HttpSessionPryvConnectionRepository authorizationRepository = new HttpSessionPryvConnectionRepository();
		pendingRepository.save(this.pending, request, this.response);
		pendingRepository.save(this.pending, request, this.response);
		pendingRepository.remove(request, this.response);
		authorizationRepository.save(this.authorization, request, this.response);
		authorizationRepository.remove(request, this.response);
		assertThat(changes).containsExactly("set PENDING_AUTH", "set PENDING_AUTH", "remove PENDING_AUTH",
				"set AUTHORIZATION", "remove AUTHORIZATION");
	}

	@Test
	void storedRecordsSurviveSerialization() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		new HttpSessionPryvAuthRequestRepository().save(this.pending, request, this.response);
		new HttpSessionPryvConnectionRepository().save(this.authorization, request, this.response);
		MockHttpSession session = (MockHttpSession) request.getSession(false);
		// what a session store (Spring Session JDBC / Redis with JDK serialization) does
		MockHttpSession restored = new MockHttpSession();
		for (String name : List.of(HttpSessionPryvAuthRequestRepository.ATTRIBUTE,
				HttpSessionPryvConnectionRepository.ATTRIBUTE)) {
			restored.setAttribute(name, roundTrip((Serializable) session.getAttribute(name)));
		}
		MockHttpServletRequest nextRequest = new MockHttpServletRequest();
		nextRequest.setSession(restored);
		PendingAuth pendingBack = new HttpSessionPryvAuthRequestRepository().load(nextRequest);
		PryvAuthorization authorizationBack = new HttpSessionPryvConnectionRepository().load(nextRequest);
		assertThat(pendingBack).isEqualTo(this.pending).isNotSameAs(this.pending);
		assertThat(authorizationBack).isEqualTo(this.authorization).isNotSameAs(this.authorization);
		assertThat(authorizationBack.apiEndpoint().token()).isEqualTo(TOKEN);
		assertThat(authorizationBack.toString()).contains("alice").doesNotContain(TOKEN);
	}

	@Test
	void anAuthorizationNeedsAToken() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PryvAuthorization(ApiEndpoint.parse("https://alice.pryv.me/"), "alice"))
			.withMessageContaining("token");
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
