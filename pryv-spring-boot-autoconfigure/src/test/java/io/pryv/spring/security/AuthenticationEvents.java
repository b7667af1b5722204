package io.pryv.spring.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;

/** Records the authentication events a test app publishes (a bean of the app). */
public class AuthenticationEvents implements ApplicationListener<AbstractAuthenticationEvent> {

	final List<AbstractAuthenticationEvent> received = new CopyOnWriteArrayList<>();

	@Override
	public void onApplicationEvent(AbstractAuthenticationEvent event) {
		this.received.add(event);
	}

}
