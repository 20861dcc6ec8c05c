<%@ include file="_top.jspf" %>
<nav class="tabs" aria-label="Broadcast mode">
  <a href="<c:url value='/admin/broadcast'/>" class="current" aria-current="page">Message</a>
  <a href="<c:url value='/admin/broadcast/announcement'/>" id="announcement-mode">Announcement</a>
</nav>
<c:if test="${not empty sent}">
  <div class="notice" role="status" id="sent">
    Stored as message <a href="<c:url value='/admin/messages/${sent.id()}'/>">#<c:out value="${sent.id()}"/></a>
    on channel <strong><c:out value="${sent.channel()}"/></strong> and sent to its subscribers.
  </div>
</c:if>
<form method="post" action="<c:url value='/admin/broadcast'/>" class="form" id="broadcast-form">
  <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
  <div class="field">
    <label for="channel">Channel</label>
    <input id="channel" name="channel" list="known-channels" required maxlength="128" autocomplete="off"
           pattern="[A-Za-z0-9._:/\-]{1,128}" value="${fn:escapeXml(form.channel())}">
    <datalist id="known-channels">
      <c:forEach items="${knownChannels}" var="ch"><option value="${fn:escapeXml(ch)}"></option></c:forEach>
    </datalist>
    <small>Letters, digits and <code>. _ : / -</code>; subscribers listen with <code>events?channel=…</code></small>
  </div>
  <div class="field">
    <label for="event">Event name <span class="muted">(optional)</span></label>
    <input id="event" name="event" maxlength="128" autocomplete="off" value="${fn:escapeXml(form.event())}">
    <small>Empty: a plain <code>message</code> event.</small>
  </div>
  <div class="field">
    <label for="data">Data</label>
    <textarea id="data" name="data" rows="8" required><c:out value="${form.data()}"/></textarea>
    <label class="check"><input type="checkbox" name="json" id="json" ${form.json() ? 'checked' : ''}> Data must be valid JSON</label>
    <small id="json-state" class="muted" aria-live="polite"></small>
  </div>
  <div class="field">
    <span class="label">Frame subscribers will receive <span class="muted">(N: the id assigned when stored)</span></span>
    <pre class="frame" id="frame-preview"><c:out value="${preview}"/></pre>
  </div>
  <div class="actions">
    <button type="submit" name="action" value="preview" class="secondary">Preview</button>
    <button type="submit" name="action" value="send" class="primary">Send</button>
  </div>
</form>
<%@ include file="_bottom.jspf" %>
