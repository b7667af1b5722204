package io.pryv.client;

/** The status of an auth request (consent flow) as the platform reports it when polled. */
public enum AuthStatus {

	/** Waiting for the user to sign in and consent (HTTP 201). */
	NEED_SIGNIN,

	/** The user granted access: the answer holds the username and API endpoint (HTTP 200). */
	ACCEPTED,

	/** The user refused (HTTP 403). */
	REFUSED,

	/** The request failed on the platform (HTTP 403). */
	ERROR,

	/** The request moved: poll the new URL (HTTP 301). */
	REDIRECTED

}
