package io.archipel.audience.imports;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.archipel.audience.ContactImports.ColumnMapping;
import io.archipel.audience.ContactImports.Target;
import io.archipel.audience.CustomAttributes.Definition;

/**
 * The suggested mapping of a file: for each column, what the branch mapped a column of that name to last time, else a
 * guess from the usual French and English column names of Excel sheets and CRM exports, else IGNORE. Each target is
 * suggested at most once (the first column wins); BRANCH_CODE only for a multi-branch import.
 */
public final class ColumnGuesser {

    private static final Map<String, Target> KNOWN = new HashMap<>();

    static {
        known(Target.EMAIL, "email", "e mail", "mail", "courriel", "adresse email", "adresse e mail", "adresse mail",
                "adresse courriel", "email address", "e mail address", "mail address", "emails");
        known(Target.MOBILE, "mobile", "portable", "telephone", "tel", "phone", "telephone portable", "tel portable",
                "tel mobile", "telephone mobile", "numero de telephone", "numero mobile", "numero de portable", "gsm",
                "cell", "cellphone", "mobile phone", "mobile number", "phone number", "n telephone", "no telephone",
                "num tel", "num portable", "sms");
        known(Target.FIRST_NAME, "prenom", "first name", "firstname", "given name", "prenom client");
        known(Target.LAST_NAME, "nom", "last name", "lastname", "nom de famille", "surname", "family name",
                "nom client", "name");
        known(Target.BIRTH_DATE, "date de naissance", "naissance", "birth date", "birthdate", "date of birth", "dob",
                "anniversaire", "birthday", "ne le", "nee le", "date naissance");
        known(Target.POSTAL_CODE, "code postal", "cp", "postal code", "zip", "zip code", "postcode", "code post");
        known(Target.CITY, "ville", "city", "commune", "localite", "town");
        known(Target.LOYALTY_TIER, "fidelite", "niveau fidelite", "niveau de fidelite", "statut fidelite", "loyalty",
                "loyalty tier", "loyalty level", "tier", "carte fidelite", "programme fidelite", "segment fidelite");
        known(Target.LAST_PURCHASE_DATE, "dernier achat", "date dernier achat", "date du dernier achat",
                "last purchase", "last purchase date", "last order", "derniere commande", "date derniere commande",
                "derniere visite");
        known(Target.TOTAL_SPEND, "ca", "montant", "total", "total achats", "montant total", "chiffre d affaires",
                "ca total", "ca cumule", "total spend", "total spent", "amount", "spend", "montant achats",
                "cumul achats");
        known(Target.TAGS, "tags", "tag", "etiquettes", "etiquette", "labels", "centres d interet", "interets");
        known(Target.EMAIL_CONSENT, "optin email", "opt in email", "optin e mail", "opt in e mail", "optin",
                "opt in", "consentement email", "consentement e mail", "consentement mail", "email consent",
                "email optin", "email opt in", "newsletter", "accepte email", "accepte les emails", "consent email",
                "consentement", "consent", "optin mail", "abonne newsletter");
        known(Target.SMS_CONSENT, "consentement sms", "optin sms", "opt in sms", "sms consent", "sms optin",
                "sms opt in", "accepte sms", "accepte les sms", "consent sms");
        known(Target.BRANCH_CODE, "code agence", "agence", "magasin", "code magasin", "branch", "branch code", "store",
                "store code", "boutique", "code boutique", "point de vente", "code point de vente", "site");
    }

    private ColumnGuesser() {
    }

    private static void known(Target target, String... names) {
        for (String n : names) {
            KNOWN.put(n, target);
        }
    }

    /** Lower case, no accents, punctuation as single spaces: "Adresse e-mail" and "adresse_email " alike. */
    public static String normalise(String header) {
        if (header == null) {
            return "";
        }
        String s = Normalizer.normalize(header, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** The guess for one header name, or null. */
    static Target guess(String header) {
        return KNOWN.get(normalise(header));
    }

    /**
     * The suggested columns: remembered by name first, then guessed, then attribute keys or labels, IGNORE otherwise.
     */
    public static List<ColumnMapping> suggest(List<String> header, boolean multiBranch,
            Map<String, ColumnMapping> remembered, List<Definition> attributes) {
        Set<Target> used = EnumSet.noneOf(Target.class);
        Set<String> usedAttributes = new HashSet<>();
        Map<String, Definition> attributeByName = new HashMap<>();
        for (Definition d : attributes) {
            attributeByName.putIfAbsent(normalise(d.key()), d);
            attributeByName.putIfAbsent(normalise(d.label()), d);
        }
        ColumnMapping[] out = new ColumnMapping[header.size()];
        // pass 1: remembered names; pass 2: guesses (so a remembered choice is never taken by an earlier guess)
        for (int pass = 1; pass <= 2; pass++) {
            for (int i = 0; i < header.size(); i++) {
                if (out[i] != null) {
                    continue;
                }
                String name = normalise(header.get(i));
                ColumnMapping found = null;
                if (pass == 1) {
                    ColumnMapping m = remembered.get(name);
                    if (m != null) {
                        found = new ColumnMapping(i, m.target(), m.attributeKey());
                    }
                } else {
                    Target t = KNOWN.get(name);
                    if (t != null) {
                        found = new ColumnMapping(i, t, null);
                    } else if (attributeByName.containsKey(name)) {
                        found = new ColumnMapping(i, Target.ATTRIBUTE, attributeByName.get(name).key());
                    }
                }
                if (found == null) {
                    continue;
                }
                ColumnMapping candidate = found;
                if (candidate.target() == Target.IGNORE) {
                    out[i] = candidate;
                } else if (candidate.target() == Target.ATTRIBUTE) {
                    boolean declared = attributes.stream().anyMatch(d -> d.key().equals(candidate.attributeKey()));
                    if (declared && usedAttributes.add(candidate.attributeKey())) {
                        out[i] = candidate;
                    }
                } else if ((candidate.target() != Target.BRANCH_CODE || multiBranch) && used.add(candidate.target())) {
                    out[i] = candidate;
                }
            }
        }
        List<ColumnMapping> columns = new ArrayList<>(header.size());
        for (int i = 0; i < out.length; i++) {
            columns.add(out[i] == null ? new ColumnMapping(i, Target.IGNORE, null) : out[i]);
        }
        return columns;
    }
}
