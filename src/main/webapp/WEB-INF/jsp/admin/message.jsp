<%@ include file="_top.jspf" %>
<dl class="facts">
  <dt>Id</dt><dd><c:out value="${message.id()}"/></dd>
  <dt>Channel</dt><dd><a href="<c:url value='/admin/messages'><c:param name='channel' value='${message.channel()}'/></c:url>"><c:out value="${message.channel()}"/></a></dd>
  <dt>Event</dt><dd><c:out value="${empty message.event() ? 'message' : message.event()}"/></dd>
  <dt>Publisher</dt><dd><c:out value="${message.publisher()}"/></dd>
  <dt>Stored</dt><dd><c:out value="${message.createdAt()}"/></dd>
</dl>
<h2>Data</h2>
<pre class="frame" id="message-data"><c:out value="${message.data()}"/></pre>
<h2>Frame as sent</h2>
<pre class="frame"><c:out value="${message.frame()}"/></pre>
<form method="post" action="<c:url value='/admin/messages/${message.id()}/republish'/>" class="form">
  <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
  <p>Re-publishing stores a copy under a new id and sends it to the channel's subscribers now.</p>
  <div class="actions"><button type="submit" class="primary" id="republish">Re-publish</button>
    <a href="<c:url value='/admin/messages'/>">Back to messages</a></div>
</form>
<%@ include file="_bottom.jspf" %>
