package dev.openlines.crmform;

import static dev.openlines.crmform.PublicFormController.escape;

/** A minimal page for a form, for sites that do not build their own: posts JSON with a few lines of script. */
final class FormPage {

  private FormPage() {}

  static String render(CrmForm form) {
    StringBuilder html = new StringBuilder()
        .append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(form.name()))
        .append("</title></head><body><h1>").append(escape(form.name())).append("</h1><form id=\"f\">");
    for (FormField field : form.fields()) {
      String type = switch (field.type()) {
        case EMAIL -> "email";
        case PHONE -> "tel";
        case NUMBER -> "number";
        case TEXT -> "text";
      };
      html.append("<p><label>").append(escape(field.label() == null ? field.name() : field.label()))
          .append(" <input name=\"").append(escape(field.name())).append("\" type=\"").append(type).append('"')
          .append(field.required() ? " required" : "").append("></label></p>");
    }
    if (form.requiresConsent()) {
      html.append("<p><label><input name=\"consent\" type=\"checkbox\" required> ").append(escape(form.consentText()))
          .append("</label></p>");
    }
    return html.append("<button>Send</button></form><p id=\"r\"></p><script>")
        .append("document.getElementById('f').onsubmit=async e=>{e.preventDefault();const v={};let c=false;")
        .append("for(const i of e.target.elements){if(i.name==='consent')c=i.checked;else if(i.name)v[i.name]=i.value;}")
        .append("const r=await fetch(location.pathname.replace(/\\/$/,'')+'/submissions',{method:'POST',")
        .append("headers:{'Content-Type':'application/json'},body:JSON.stringify({values:v,consent:c})});")
        .append("document.getElementById('r').textContent=r.ok?'Thank you!':(await r.json()).detail;};")
        .append("</script></body></html>")
        .toString();
  }
}
