package com.gahorouter.console.alert;

/** How a crossing is delivered: a mail to each tenant admin, a signed webhook POST. */
public enum AlertChannel {

	EMAIL, WEBHOOK

}
