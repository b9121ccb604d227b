import { createApp } from 'vue'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { ElMessage } from 'element-plus'
import App from './App.vue'
import { router } from './router'
import { installAuthHooks } from './authHooks'
import './console.css'

installAuthHooks(router, (message) => ElMessage.warning({ message, grouping: true }))

createApp(App).use(router).mount('#app')
