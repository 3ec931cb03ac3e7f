package io.archipel.audience.web.segments;

import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.audience.CustomAttributeService;
import io.archipel.audience.CustomAttributes;
import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.shared.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The contact attributes HQ declares for the whole network: the list with the add form, the edit page (label and
 * allowed values; key and type are fixed) and the deletion (which removes the values from every contact).
 */
@Controller
@RequestMapping("/hq/attributes")
class HqAttributeController {

    private static final String BASE = "/hq/attributes";

    private final CustomAttributeService attributes;

    HqAttributeController(CustomAttributeService attributes) {
        this.attributes = attributes;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("attribute", new AttributeForm());
        return list(model, false);
    }

    @PostMapping
    String create(@ModelAttribute("attribute") AttributeForm form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        if (form.getLabel() == null || form.getLabel().isBlank()) {
            result.rejectValue("label", "validation.required");
        } else if (form.getKey() == null || form.getKey().isBlank()) {
            form.setKey(AttributeForm.suggestKey(form.getLabel()));
        }
        if (form.getType() == null && !result.hasFieldErrors("type")) {
            result.rejectValue("type", "validation.required");
        }
        if (result.hasErrors()) {
            return list(model, true);
        }
        try {
            Definition created = attributes.create(form.toDraft());
            Flash.success(redirect, "attributes.created", created.label());
            return "redirect:" + BASE;
        } catch (InvalidContactException e) {
            reject(result, e);
            return list(model, true);
        }
    }

    @GetMapping("/{attributeKey}")
    String edit(@PathVariable String attributeKey, Model model) {
        Definition d = attributes.get(attributeKey);
        model.addAttribute("attribute", AttributeForm.of(d));
        return edit(model, d);
    }

    @PostMapping("/{attributeKey}")
    String update(@PathVariable String attributeKey, @ModelAttribute("attribute") AttributeForm form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        Definition d = attributes.get(attributeKey);
        form.setKey(d.key());
        form.setType(d.type());
        if (result.hasErrors()) {
            return edit(model, d);
        }
        try {
            Definition saved = attributes.update(d.key(), form.getVersion(), form.toDraft());
            Flash.success(redirect, "attributes.updated", saved.label());
            return "redirect:" + BASE;
        } catch (InvalidContactException e) {
            reject(result, e);
            return edit(model, d);
        } catch (StaleContactException e) {
            result.reject("validation.stale");
            return edit(model, d);
        }
    }

    @PostMapping("/{attributeKey}/delete")
    String delete(@PathVariable String attributeKey, RedirectAttributes redirect) {
        Definition d = attributes.get(attributeKey);
        attributes.delete(d.key());
        Flash.success(redirect, "attributes.deleted", d.label());
        return "redirect:" + BASE;
    }

    private String list(Model model, boolean formOpen) {
        model.addAttribute("definitions", attributes.list());
        model.addAttribute("types", AttributeType.values());
        model.addAttribute("formOpen", formOpen);
        model.addAttribute("maxAttributes", CustomAttributes.MAX_ATTRIBUTES);
        return "hq/attributes/list";
    }

    private String edit(Model model, Definition d) {
        model.addAttribute("definition", d);
        return "hq/attributes/edit";
    }

    static void reject(BindingResult result, InvalidContactException e) {
        if (e.field() == null) {
            result.reject(e.messageKey());
        } else {
            result.rejectValue(e.field(), e.messageKey());
        }
    }
}
