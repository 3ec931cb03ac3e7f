package io.archipel.audience.web;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A consent change recorded by hand, with the proof of it (what the customer signed, said or clicked). */
public class ConsentForm {

    @NotNull(message = "{validation.required}")
    private Channel channel;
    @NotNull(message = "{validation.required}")
    private ConsentState state;
    @NotNull(message = "{validation.required}")
    private ConsentSource source = ConsentSource.FORM;
    @NotBlank(message = "{validation.required}")
    @Size(max = 2000, message = "{validation.tooLong}")
    private String proof;

    public Channel getChannel() { return channel; }
    public void setChannel(Channel channel) { this.channel = channel; }
    public ConsentState getState() { return state; }
    public void setState(ConsentState state) { this.state = state; }
    public ConsentSource getSource() { return source; }
    public void setSource(ConsentSource source) { this.source = source; }
    public String getProof() { return proof; }
    public void setProof(String proof) { this.proof = proof; }
}
