/** What any module needs to write and hand over an e-mail; the delivery module does the sending. */
package io.archipel.shared.mail;
